import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTED } from '../../../demo/datacenter/infrastructure.ts';
import { trustCertificate } from '../../../demo/emulators/apiv6/trust.ts';
import {
  DEMO_CREDENTIALS,
  type DemoEnvironment,
  startDemoEnvironment,
} from '../../../demo/emulators/demo-environment.ts';
import { loadConfig } from '../../../lib/config/config.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { failedQueries, isSeriesGap } from '../../../lib/core/types.ts';
import type { ReportResult } from '../../../lib/pipeline.ts';
import { openOvhApi } from '../../../lib/runtime/open-sources.ts';
import { runReports } from '../../../lib/runtime/run-reports.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';

/**
 * The production path — APIv6 inventory → metricsToken → OpenTSDB — against both server
 * flavours: stock OpenTSDB 2.4 and OVH's Warp 10 proxy (end-aligned buckets, plain-text errors,
 * interpolation unless asked otherwise). Both must give the same figures.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const DAY = 86_400;
const results: Record<'stock' | 'ovh', ReportResult | undefined> = { stock: undefined, ovh: undefined };
const envs: DemoEnvironment[] = [];
const restore: (() => void)[] = [];

async function reportWith(flavour: 'stock' | 'ovh'): Promise<ReportResult> {
  const env = await startDemoEnvironment({
    flavour,
    range: {
      fromSec: period.startMs / 1000 - DAY,
      toSec: period.endMs / 1000 + DAY,
      anchorSec: period.endMs / 1000,
    },
  });
  envs.push(env);
  restore.push(trustCertificate(env.apiv6.ca));
  const config = loadConfig({
    VSCOPE_OVH_HOST: env.apiv6.host,
    VSCOPE_OVH_PORT: String(env.apiv6.port),
    VSCOPE_OVH_APP_KEY: DEMO_CREDENTIALS.appKey,
    VSCOPE_OVH_APP_SECRET: DEMO_CREDENTIALS.appSecret,
    VSCOPE_OVH_CONSUMER_KEY: DEMO_CREDENTIALS.consumerKey,
    VSCOPE_OVH_METRICS_USER_ID: String(DEMO_CREDENTIALS.metricsUserId),
    VSCOPE_METRICS_BUCKET_STAMP: flavour === 'ovh' ? 'end' : 'start',
  });
  const [result] = await runReports({
    config,
    api: openOvhApi(config),
    store: createFsStore(mkdtempSync(join(tmpdir(), `vscope-${flavour}-`))),
    period,
  });
  if (!result) throw new Error('no report');
  return result;
}

beforeAll(async () => {
  results.stock = await reportWith('stock');
  results.ovh = await reportWith('ovh');
});

afterAll(async () => {
  for (const r of restore.reverse()) r();
  await Promise.all(envs.map((e) => e.close()));
});

describe('the production path against both OpenTSDB flavours', () => {
  it('lists the service through APIv6 and fetches with two grouped requests per flavour', () => {
    for (const r of [results.stock, results.ovh]) {
      expect(r?.model.serviceName).toBe('pcc-192-0-2-10');
      expect(r?.requests).toBe(2);
      // No query failed; the demo's planted 6-hour gap is a series gap, listed on both flavours.
      expect(failedQueries(r?.model.gaps ?? [])).toEqual([]);
      expect(r?.model.gaps.filter(isSeriesGap).some((g) => g.components.includes('172.17.86.53'))).toBe(true);
    }
    expect(envs.map((e) => e.opentsdbStats.requests)).toEqual([2, 2]);
  });

  it('gives the same samples and figures on both flavours', () => {
    const stock = results.stock?.model.datacenters[0];
    const ovh = results.ovh?.model.datacenters[0];
    const components = (dc: typeof stock) => [
      ...(dc?.hosts ?? []),
      ...(dc?.vms ?? []),
      ...(dc?.filers ?? []),
    ];
    const ovhByKey = new Map(components(ovh).map((c) => [c.key, c]));
    let compared = 0;
    for (const c of components(stock)) {
      const other = ovhByKey.get(c.key);
      for (const [metric, s] of Object.entries(c.metrics)) {
        const o = other?.metrics[metric as keyof typeof c.metrics];
        expect(o?.samples, `${c.displayName} ${metric}`).toBe(s.samples);
        if (s.mean !== null) {
          expect(o?.mean).toBeCloseTo(s.mean, 6);
          expect(o?.max).toBeCloseTo(s.max ?? 0, 6);
        }
        compared++;
      }
    }
    expect(compared).toBe(4 * 6 + 15 * 13 + 3 * 1);
  });

  it('keeps the 6-hour gap a gap on OVH’s proxy, which interpolates unless asked for fill nan', () => {
    const host = results.ovh?.model.datacenters[0]?.hosts.find((h) => h.key === DEMO_PLANTED.gapHost.name);
    expect(host?.metrics['vscope.host.cpu.usage.perc']?.samples).toBe(2016 - 72);
  });
});
