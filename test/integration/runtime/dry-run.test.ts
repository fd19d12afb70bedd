import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import {
  type DemoEnvironment,
  demoConfig,
  startDemoEnvironment,
} from '../../../demo/emulators/demo-environment.ts';
import { loadConfig } from '../../../lib/config/config.ts';
import { METRICS } from '../../../lib/core/catalogue.ts';
import { customPeriod, isoWeekPeriod } from '../../../lib/core/period.ts';
import { planDryRun } from '../../../lib/runtime/dry-run.ts';
import { openOvhApi } from '../../../lib/runtime/open-sources.ts';
import { demoSeriesCount } from '../../support/inventory.ts';

/** `report --dry-run`'s data, against the APIv6 emulator and an OpenTSDB emulator that must stay unasked. */
let env: DemoEnvironment;
let untrust: () => void;

beforeAll(async () => {
  env = await startDemoEnvironment();
  untrust = trustCertificate(env.apiv6.ca);
});
afterAll(async () => {
  untrust();
  await env.close();
});

describe('planDryRun', () => {
  it('lists the services, datacenters and components from APIv6 and plans the week without fetching', async () => {
    const config = demoConfig(loadConfig({}), env);
    const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
    const plan = await planDryRun({ config, api: openOvhApi(config), period });

    expect(plan.period).toEqual(period);
    expect(plan.metricsCredentials).toBe('apiv6-token');
    expect(plan.services).toHaveLength(1);
    const [service] = plan.services;
    expect(service?.serviceName).toBe('pcc-192-0-2-10');
    expect(service?.datacenters).toEqual([
      {
        datacenterId: 1842,
        name: 'Datacenter Paris',
        tag: 'pcc-192-0-2-10_datacenter1842',
        hosts: 4,
        vms: 15,
        datastores: 3,
      },
    ]);
    // A week of 5-minute buckets: 2,016 per series, every metric in one sub-query per datacenter.
    expect(service?.intervalSeconds).toBe(300);
    expect(service?.subQueries).toBe(METRICS.length);
    expect(service?.points).toBe(demoSeriesCount() * 2016);
    // 20 sub-queries fit one request by count, but their 544,320 points exceed the 500,000 a request may carry.
    expect(service?.points).toBe(544_320);
    expect(service?.requests).toBe(2);
    expect(plan.totals).toEqual({ requests: service?.requests, points: service?.points });

    expect(env.opentsdbStats.requests).toBe(0);
    // The metrics token is not asked for: asking creates one.
    expect(Object.keys(env.apiv6.stats.byRoute).some((route) => route.includes('metricsToken'))).toBe(false);
  });

  it('follows the configuration: fewer sub-queries per request, wider buckets past the point cap', async () => {
    const base = loadConfig({
      VSCOPE_METRICS_MAX_SUBQUERIES: '3',
      VSCOPE_METRICS_MAX_POINTS: '100',
      VSCOPE_METRICS_ENDPOINT: 'http://127.0.0.1:9',
      VSCOPE_METRICS_TOKEN: 'unused',
    });
    const config = { ...demoConfig(base, env), metrics: base.metrics };
    const period = customPeriod('2026-11-16', '2026-11-17', 'UTC');
    const plan = await planDryRun({ config, api: openOvhApi(config), period });
    const [service] = plan.services;
    expect(plan.metricsCredentials).toBe('configuration');
    // A day in at most 100 buckets: 864 s, widened to whole minutes (15 minutes, 96 buckets).
    expect(service?.intervalSeconds).toBe(900);
    expect(service?.points).toBe(demoSeriesCount() * 96);
    expect(service?.requests).toBe(Math.ceil(METRICS.length / 3));
    expect(env.opentsdbStats.requests).toBe(0);
  });
});
