import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { DEMO_PLANTED, demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { figuresOf, mergeSummaries } from '../../../lib/aggregate/daily-summary.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { Documents, Finding, Inventory, SummaryArchive } from '../../../lib/core/types.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { buildReport, type ReportResult } from '../../../lib/pipeline.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';

/**
 * Findings end to end: the demo's planted conditions, served by the OpenTSDB emulator over HTTP,
 * must each produce exactly the expected finding in week 47. Week 48 runs with week 47's report in
 * the store: the conditions still there persist, and the idle VM, decommissioned in between as its
 * finding recommended, is listed as resolved.
 */
const ZONE = 'Europe/Paris';
const week47 = isoWeekPeriod('2026-W47', ZONE);
const week48 = isoWeekPeriod('2026-W48', ZONE);
const before = demoInventory(week47.endMs / 1000 - 1);
// Week 48 as the demo datacenter is then (reporting-02 added, erp-db-01 at 12 vCPU, pcc-000445
// past 90 %), without the idle VM.
const evolved = demoInventory(week48.endMs / 1000 - 1);
const after: Inventory = {
  ...evolved,
  datacenters: evolved.datacenters.map((dc) => ({
    ...dc,
    vms: dc.vms.filter((vm) => vm.name !== DEMO_PLANTED.idleVm.name),
  })),
};
const root = mkdtempSync(join(tmpdir(), 'vscope-findings-'));
const store = createFsStore(root);
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>>;
let client: OpenTsdbClient;
let first: ReportResult<Documents>;
let second: ReportResult<Documents>;

const P = DEMO_PLANTED;
/** Every planted component and exactly the findings (rule severity) it must carry. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  [P.highCpuReadyVm.name]: ['cpu-contention critical'],
  [P.slowDiskVm.name]: ['storage-latency critical'],
  [P.fillingFiler.name]: ['datastore-fullness warning', 'datastore-runway warning'],
  [P.gapHost.name]: ['missing-data warning'],
  [P.idleVm.name]: ['vm-idle info'],
  [P.poweredOffVm.name]: ['vm-powered-off info'],
};

function on(result: ReportResult<Documents>, name: string): Finding[] {
  return result.model.findings.filter((f) => f.subject.displayName === name);
}

function one(result: ReportResult<Documents>, name: string, rule: string): Finding {
  const found = on(result, name).filter((f) => f.rule === rule);
  if (found.length !== 1) throw new Error(`expected one ${rule} finding on ${name}, got ${found.length}`);
  return found[0] as Finding;
}

beforeAll(async () => {
  const series = createSeriesStore();
  for (const [inventory, period] of [
    [before, week47],
    [after, week48],
  ] as const) {
    for (const s of generateDemoSeries(inventory, {
      fromSec: period.startMs / 1000,
      toSec: period.endMs / 1000,
    })) {
      series.addSeries(s.metric, s.tags, s.timestamps, s.values);
    }
  }
  emulator = await startOpenTsdbEmulator({ store: series });
  client = createOpenTsdbClient({ endpoint: emulator.url, token: 'findings-token' });
  const run = (inventory: Inventory, period: typeof week47, now: string) =>
    buildReport(
      { inventory: staticInventory(inventory), metrics: client, store, now: () => new Date(now) },
      { period, creationDate: new Date(now) },
    );
  first = await run(before, week47, '2026-11-23T06:00:00Z');
  second = await run(after, week48, '2026-11-30T06:00:00Z');
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe('findings of the demo, week 47', () => {
  it('gives each planted component exactly its expected findings', () => {
    for (const [name, expected] of Object.entries(EXPECTED)) {
      expect(
        on(first, name)
          .map((f) => `${f.rule} ${f.severity}`)
          .sort(),
        name,
      ).toEqual([...expected].sort());
    }
  });

  it('reports nothing unplanted as critical', () => {
    const unplanted = first.model.findings.filter((f) => !(f.subject.displayName in EXPECTED));
    expect(unplanted.filter((f) => f.severity === 'critical')).toEqual([]);
  });

  it('backs each planted finding with the planted numbers', () => {
    const ready = one(first, P.highCpuReadyVm.name, 'cpu-contention').evidence.figures;
    expect(ready.readyP95Pct).toBeGreaterThanOrEqual(P.highCpuReadyVm.readyPctPerVcpu.min);
    expect(ready.readyP95Pct).toBeLessThanOrEqual(P.highCpuReadyVm.readyPctPerVcpu.max);
    expect(ready.cpuNum).toBe(P.highCpuReadyVm.cpuNum);

    const latency = one(first, P.slowDiskVm.name, 'storage-latency').evidence.figures;
    expect(latency.writeP50Ms as number).toBeCloseTo(P.slowDiskVm.writeLatencyMs, -1);
    expect(latency.readP50Ms as number).toBeCloseTo(P.slowDiskVm.readLatencyMs, -1);

    expect(
      one(first, P.fillingFiler.name, 'datastore-fullness').evidence.figures.usedPct as number,
    ).toBeCloseTo(P.fillingFiler.endUsedPct, 0);
    // Planted: 88.5 % at the end, +0.65 points a day → 90 % in (90 − 88.5) / 0.65 = 2.3 days,
    // 100 % in 11.5 / 0.65 = 17.7 days.
    const runway = one(first, P.fillingFiler.name, 'datastore-runway').evidence.figures;
    expect(runway.slopePctPerDay as number).toBeCloseTo(P.fillingFiler.pctPerDay, 2);
    expect(runway.daysTo90Pct as number).toBeCloseTo(
      (90 - P.fillingFiler.endUsedPct) / P.fillingFiler.pctPerDay,
      0,
    );
    expect(runway.daysTo100Pct as number).toBeCloseTo(
      (100 - P.fillingFiler.endUsedPct) / P.fillingFiler.pctPerDay,
      0,
    );
    expect(runway.daysTo100PctEarliest as number).toBeLessThanOrEqual(runway.daysTo100Pct as number);
    expect(runway.daysTo100PctLatest as number).toBeGreaterThanOrEqual(runway.daysTo100Pct as number);

    // The gap is Wednesday 01:00–07:00 UTC, 02:00–08:00 in Paris in November: 6 hours, 72 samples.
    const gap = one(first, P.gapHost.name, 'missing-data').evidence;
    expect(gap.figures.longestGapHours).toBe(P.gapHost.toHourUtc - P.gapHost.fromHourUtc);
    expect(gap.figures.missingSamples).toBe(72);
    expect(gap.summary).toContain('Wed 18 Nov 02:00 – 08:00');
  });

  it('marks every finding new, with no previous report to compare with', () => {
    expect(first.model.comparison).toMatchObject({ previousLabel: '2026-W46', found: false });
    expect(first.model.findings.every((f) => f.status === 'new')).toBe(true);
    expect(first.model.resolvedFindings).toEqual([]);
  });

  it('writes daily summaries that merge back into the week’s figures', () => {
    const stored = first.stored.find((s) => s.key.endsWith('/summaries.json'));
    const summaries = JSON.parse(readFileSync(stored?.location ?? '', 'utf8')) as SummaryArchive;
    const cpu = summaries.series.find(
      (s) => s.component === P.highCpuReadyVm.moRef && s.metric === 'vscope.vm.cpu.usage.perc',
    );
    expect(cpu?.days.map((d) => d.day)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    const week = figuresOf(mergeSummaries(cpu?.days ?? []));
    const stats = first.model.datacenters[0]?.vms.find((v) => v.key === P.highCpuReadyVm.moRef)?.metrics[
      'vscope.vm.cpu.usage.perc'
    ];
    expect([week.count, week.min, week.max, week.mean]).toEqual([
      stats?.samples,
      stats?.min,
      stats?.max,
      stats?.mean,
    ]);
    expect(Math.abs((week.p95 as number) - (stats?.p95 as number))).toBeLessThanOrEqual(
      0.01 * (stats?.p95 as number),
    );
  });
});

describe('findings of the demo, week 48 against week 47', () => {
  it('finds week 47’s report and marks the conditions still there persisting', () => {
    expect(second.model.comparison).toMatchObject({ previousLabel: '2026-W47', found: true });
    // erp-db-01, resized to 12 vCPU, waits under 4.5 % per vCPU (below the 5 % warning line);
    // pcc-000445 ends the week at 88.5 + 7 × 0.65 = 93.05 %, past the 90 % critical line, full in
    // (100 − 93.05) / 0.65 = 10.7 days: more than the 7 days of a critical runway, within the 30 of a warning.
    const week48: Readonly<Record<string, readonly string[]>> = {
      ...EXPECTED,
      [P.highCpuReadyVm.name]: [],
      [P.fillingFiler.name]: ['datastore-fullness critical', 'datastore-runway warning'],
    };
    for (const [name, expected] of Object.entries(week48)) {
      if (name === P.idleVm.name) continue;
      expect(
        on(second, name)
          .map((f) => `${f.rule} ${f.severity} ${f.status}`)
          .sort(),
        name,
      ).toEqual(expected.map((e) => `${e} persisting`).sort());
    }
  });

  it('lists the idle VM, decommissioned since, and the CPU contention relieved by the resize as resolved', () => {
    expect(on(second, P.idleVm.name)).toEqual([]);
    // (Both weeks share one series store here, so week 47's bucket of margin after its end also
    // sees reporting-02's first sample and lists it as a series without component: not asserted.)
    expect(second.model.resolvedFindings.map((f) => [f.rule, f.subject.displayName, f.status])).toEqual(
      expect.arrayContaining([
        ['vm-idle', P.idleVm.name, 'resolved'],
        ['cpu-contention', P.highCpuReadyVm.name, 'resolved'],
      ]),
    );
    expect(second.model.resolvedFindings.every((f) => f.evidence.period.label === '2026-W47')).toBe(true);
  });

  it('shows status, resolved findings and recommendations in the HTML', () => {
    const $ = load(second.documents.html);
    const rows = $('table#findings tbody tr');
    expect(rows.length).toBe(second.model.findings.length);
    expect(rows.first().children().eq(1).text()).toBe('Persisting');
    expect($('#findings-resolved-caption').text()).toBe(
      `Resolved since 2026-W47 (${second.model.resolvedFindings.length})`,
    );
    expect($('table#findings-resolved').text()).toContain(P.highCpuReadyVm.name);
  });
});
