import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import {
  type DemoEnvironment,
  demoConfig,
  startDemoEnvironment,
} from '../../../demo/emulators/demo-environment.ts';
import { loadConfig } from '../../../lib/config/config.ts';
import { customPeriod } from '../../../lib/core/period.ts';
import { UnknownDatacenterError } from '../../../lib/discover/one-datacenter.ts';
import { pointsEstimator } from '../../../lib/runtime/estimate-build.ts';
import { openOvhApi } from '../../../lib/runtime/open-sources.ts';
import { demoSeriesCount } from '../../support/inventory.ts';

/** The API's build estimate: the demo's components × metrics × buckets, read from the APIv6 emulator. */
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

describe('pointsEstimator', () => {
  it('counts components × metrics × 5-minute buckets of the range, without asking for metrics', async () => {
    const config = demoConfig(loadConfig({}), env);
    const estimate = pointsEstimator(config, () => openOvhApi(config));
    const request = (from: string, to: string, datacenter: string | null = null) => ({
      serviceName: 'pcc-192-0-2-10',
      datacenter,
      period: customPeriod(from, to, 'UTC'),
      language: 'en' as const,
    });
    expect(await estimate(request('2026-11-16', '2026-11-17'))).toBe(demoSeriesCount() * 288);
    expect(await estimate(request('2026-11-01', '2026-11-15', '1842'))).toBe(demoSeriesCount() * 288 * 14);
    await expect(estimate(request('2026-11-16', '2026-11-17', '999999'))).rejects.toThrow(
      UnknownDatacenterError,
    );
    expect(env.opentsdbStats.requests).toBe(0);
    expect(Object.keys(env.apiv6.stats.byRoute).some((route) => route.includes('metricsToken'))).toBe(false);
  });
});
