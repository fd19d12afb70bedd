import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../lib/config/config.ts';
import { monthPeriod } from '../../../../lib/core/period.ts';
import type { ReportModel, SummaryArchive } from '../../../../lib/core/types.ts';
import { readArchiveIndex } from '../../../../lib/deliver/archive/archive-index.ts';
import type { MonthSummary } from '../../../../lib/deliver/archive/archive-month.ts';
import { rebuildMonth } from '../../../../lib/deliver/archive/rebuild-month.ts';
import { openRuntime, type Runtime } from '../../../../lib/runtime/open-runtime.ts';
import { runJob } from '../../../../lib/runtime/report-jobs.ts';
import { archiveKey } from '../../../../lib/store/keys.ts';
import {
  DEMO_SERVICE,
  type Demo,
  type LocalAws,
  localAwsEnv,
  startDemo,
  startLocalAws,
} from '../local-servers.ts';

/**
 * The monthly archive on a local S3 server: built once, never overwritten, indexed, and enough on
 * its own to recompute the month's figures once the metrics are gone.
 */
const month = monthPeriod('2026-10', 'Europe/Paris');
let demo: Demo;
let aws: LocalAws;
let runtime: Runtime;
const job = {
  kind: 'monthly',
  serviceName: DEMO_SERVICE,
  period: month.label,
  timeZone: month.timeZone,
} as const;

const text = async (key: string) =>
  new TextDecoder().decode((await runtime.store.get(key)) ?? new Uint8Array());

beforeAll(async () => {
  [demo, aws] = await Promise.all([startDemo([month]), startLocalAws()]);
  runtime = openRuntime(loadConfig({ ...demo.vars, ...localAwsEnv(aws) }));
});

afterAll(async () => {
  await Promise.all([demo?.close(), aws?.close()]);
});

describe('monthly archive', () => {
  it('archives the month once; a second run keeps the original and says so', async () => {
    const first = await runJob(runtime, job);
    expect(first.status).toBe('archived');
    const files = await runtime.store.list(`archive/${DEMO_SERVICE}/${month.label}/`);
    expect(files).toEqual(
      ['manifest.json', 'report.html', 'report.pdf', 'summary.json'].map(
        (f) => `archive/${DEMO_SERVICE}/${month.label}/${f}`,
      ),
    );
    const pdfBefore = await runtime.store.head(archiveKey(DEMO_SERVICE, month.label, 'pdf'));
    expect(pdfBefore?.contentType).toBe('application/pdf');

    const second = await runJob(runtime, job);
    expect(second.status).toBe('kept');
    expect('message' in second ? second.message : '').toContain('the original is kept');
    const pdfAfter = await runtime.store.head(archiveKey(DEMO_SERVICE, month.label, 'pdf'));
    expect(pdfAfter?.etag).toBe(pdfBefore?.etag);

    const { index } = await readArchiveIndex(runtime.store);
    expect(index.entries).toEqual([
      expect.objectContaining({
        serviceName: DEMO_SERVICE,
        month: '2026-10',
        manifest: archiveKey(DEMO_SERVICE, '2026-10', 'manifest'),
      }),
    ]);
  });

  it('recomputes the month’s figures from the archived daily summaries alone', async () => {
    const summary = JSON.parse(await text(archiveKey(DEMO_SERVICE, month.label, 'summary'))) as MonthSummary;
    const report = JSON.parse(
      await text(`reports/${DEMO_SERVICE}/monthly/${month.label}/report.json`),
    ) as ReportModel;
    const rebuilt = rebuildMonth([summary.dailySummaries as SummaryArchive], month);
    expect(rebuilt.length).toBeGreaterThan(200);
    let compared = 0;
    for (const dc of report.datacenters) {
      for (const c of [...dc.hosts, ...dc.vms, ...dc.filers]) {
        for (const [metric, stats] of Object.entries(c.metrics)) {
          if (!stats || stats.samples === 0) continue;
          const r = rebuilt.find(
            (s) => s.component === c.key && s.metric === metric && s.datacenterTag === dc.tag,
          );
          expect(r?.figures.count, `${c.key} ${metric}`).toBe(stats.samples);
          expect(r?.figures.min).toBe(stats.min);
          expect(r?.figures.max).toBe(stats.max);
          expect(r?.figures.mean).toBeCloseTo(stats.mean ?? Number.NaN, 9);
          // The sketch's relative accuracy bounds the percentile (plus interpolation between samples).
          const p95 = stats.p95 ?? 0;
          expect(Math.abs((r?.figures.p95 ?? Number.NaN) - p95)).toBeLessThanOrEqual(
            Math.abs(p95) * 0.02 + 1e-9,
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
    expect(rebuilt.every((s) => s.days <= 31)).toBe(true);
  });
});
