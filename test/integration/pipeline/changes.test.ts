import { load } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { DEMO_EVOLUTION, DEMO_PLANTED, demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { createMemoryStore } from '../../../demo/memory-store.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import type { DocumentKind, ObjectStore } from '../../../lib/core/ports.ts';
import { DERIVED, type Documents, type Period, type ReportModel } from '../../../lib/core/types.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { buildReport } from '../../../lib/pipeline.ts';
import { openPdf, pdfPageTexts, squeeze } from '../../support/pdf-text.ts';

/**
 * Two weeks of the evolving demo datacenter through the pipeline: 2026-W47 as it always was,
 * then 2026-W48, compared with it. Each week is served by its own OpenTSDB emulator on 127.0.0.1
 * with the inventory as of that week's end, as `npm run demo` does.
 */
const W47 = isoWeekPeriod('2026-W47', 'Europe/Paris');
const W48 = isoWeekPeriod('2026-W48', 'Europe/Paris');
const store: ObjectStore = createMemoryStore();
// Made on Friday 4 December, as the reader saw it.
const generatedAt = new Date('2026-12-04T08:00:00Z');
let previous: ReportModel;
let current: ReportModel;
let documents: Partial<Documents>;

async function build(period: Period, formats: readonly DocumentKind[]) {
  const inventory = demoInventory(period.endMs / 1000 - 1);
  const series = createSeriesStore();
  const range = { fromSec: period.startMs / 1000, toSec: period.endMs / 1000 };
  for (const s of generateDemoSeries(inventory, range))
    series.addSeries(s.metric, s.tags, s.timestamps, s.values);
  const emulator = await startOpenTsdbEmulator({ store: series });
  const client = createOpenTsdbClient({ endpoint: emulator.url, token: 'integration-token' });
  try {
    return await buildReport(
      { inventory: staticInventory(inventory), metrics: client, store, now: () => generatedAt },
      { period, formats, creationDate: generatedAt },
    );
  } finally {
    await client.close();
    await emulator.close();
  }
}

beforeAll(async () => {
  previous = (await build(W47, ['json'])).model;
  const result = await build(W48, ['json', 'pdf', 'html']);
  current = result.model;
  documents = result.documents;
}, 240_000);

const vmOf = (model: ReportModel, name: string) =>
  model.datacenters[0]?.vms.find((v) => v.displayName === name);

describe('what changed between 2026-W47 and 2026-W48 in the demo datacenter', () => {
  it('is compared with the W47 report', () => {
    expect(current.changes).toMatchObject({ previousLabel: '2026-W47', found: true });
    expect(previous.changes.found).toBe(false);
  });

  it('lists reporting-02 added and erp-db-01 resized from 8 to 12 vCPU, and nothing else', () => {
    expect(current.changes.events.map((e) => [e.kind, e.displayName, e.before, e.after])).toEqual([
      ['added', 'reporting-02', null, null],
      ['vcpu', 'erp-db-01', 8, 12],
    ]);
  });

  it("shows erp-db-01's CPU ready falling from its planted 12–16 % per vCPU to under 5 %", () => {
    const ready = (model: ReportModel) => vmOf(model, 'erp-db-01')?.derived[DERIVED.cpuReadyPct]?.p95 ?? null;
    expect(ready(previous)).toBeGreaterThan(DEMO_PLANTED.highCpuReadyVm.readyPctPerVcpu.min);
    expect(ready(current)).toBeLessThan(5);
    const delta = current.changes.figures.find(
      (f) => f.displayName === 'erp-db-01' && f.figure === 'readyP95Pct',
    );
    expect(delta?.previous).toBe(ready(previous));
    expect(delta?.current).toBe(ready(current));
    // With ready under the 5 % warning line, the contention finding of W47 is resolved.
    expect(current.resolvedFindings.map((f) => f.rule)).toContain('cpu-contention');
  });

  it('has pcc-000445 cross 90 % during the week: 88.5 % at its start, 0.65 point a day for 7 days', () => {
    const used = (model: ReportModel) =>
      model.datacenters[0]?.filers.find((f) => f.key === DEMO_EVOLUTION.filler.name)?.capacity?.usedPct ??
      null;
    // 4,096 GB rounded to whole GB in the inventory: within 0.05 point of the planted figures.
    expect(used(previous)).toBeCloseTo(88.5, 1);
    expect(used(current)).toBeCloseTo(88.5 + 0.65 * 7, 1);
    expect(used(current)).toBeGreaterThan(90);
  });

  it('counts the new VM and its 4 vCPU in the key figures', () => {
    const key = (figure: string) => current.changes.keyFigures.find((f) => f.figure === figure);
    expect(key('vms')).toMatchObject({ previous: 15, current: 16, delta: 1 });
    // 4 vCPU for reporting-02, 12 − 8 for erp-db-01.
    expect(key('vcpuTotal')?.delta).toBe(4 + 4);
  });

  it('says so in the PDF, in a "What changed" section', async () => {
    const pages = await pdfPageTexts(await openPdf(documents.pdf as Uint8Array));
    // The section's page, not the contents' entry.
    const page = pages.find(
      (p) => p.includes('What changed since 2026-W47') && p.includes('changes to the inventory'),
    );
    expect(page).toBeDefined();
    expect(squeeze(page ?? '')).toContain(squeeze('Added reporting-02 (VM)'));
    expect(squeeze(page ?? '')).toContain(squeeze('vCPU resized erp-db-01 (VM) 8 12'));
  });

  it('says so in the HTML, in a "What changed" section', () => {
    const $ = load(documents.html as string);
    const rows = $('#section-changes #changes-events tbody tr')
      .toArray()
      .map((tr) =>
        $(tr)
          .find('td, th')
          .toArray()
          .map((td) => $(td).text().trim()),
      );
    expect(rows).toEqual([
      ['Added', expect.stringContaining('reporting-02'), '', ''],
      ['vCPU resized', expect.stringContaining('erp-db-01'), '8', '12'],
    ]);
  });
});
