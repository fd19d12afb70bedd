import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../demo/datacenter/generate.ts';
import { DEMO_PLANTED, demoInventory } from '../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../demo/static-inventory.ts';
import { isoWeekPeriod } from '../../lib/core/period.ts';
import { REPORT_SCHEMA_FILE } from '../../lib/core/report-schema.ts';
import type { Documents } from '../../lib/core/types.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../lib/fetch/opentsdb-client.ts';
import { loadCatalogue } from '../../lib/locale/i18n.ts';
import { buildReport, type ReportResult } from '../../lib/pipeline.ts';
import { createFsStore } from '../../lib/store/fs-store.ts';
import { parseCsv } from '../support/csv.ts';
import { jsonSchemaValidator } from '../support/json-schema.ts';
import { openPdfStrict, pdfDrawing, pdfInfo, qpdfCheck } from '../support/pdf-checks.ts';
import { openPdf, pdfPageTexts, squeeze } from '../support/pdf-text.ts';

/**
 * The demo's weekly report in French, built by the whole pipeline over HTTP, then checked by
 * code that did not write it: qpdf in WebAssembly (structure), pdf.js (fonts, images, metadata,
 * every page's drawing operators, text), an independent JSON Schema validator, and an RFC 4180
 * reader. All come from npm: the checks need no system package.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const generated = [
  ...generateDemoSeries(inventory, { fromSec: period.startMs / 1000, toSec: period.endMs / 1000 }),
];
const dir = mkdtempSync(join(tmpdir(), 'vscope-e2e-'));
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>>;
let client: OpenTsdbClient;
let result: ReportResult<Documents>;
let pages: string[] = [];

beforeAll(async () => {
  const store = createSeriesStore();
  for (const s of generated) store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  emulator = await startOpenTsdbEmulator({ store });
  client = createOpenTsdbClient({ endpoint: emulator.url, token: 'e2e-token' });
  result = await buildReport(
    {
      inventory: staticInventory(inventory),
      metrics: client,
      store: createFsStore(join(dir, 'store')),
      now: () => new Date('2026-11-23T06:00:00Z'),
    },
    { period, creationDate: new Date('2026-11-23T06:00:00Z'), language: 'fr' },
  );
  pages = await pdfPageTexts(await openPdf(result.documents.pdf));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** p95 (type 7) of a generated series, computed here. */
function p95(metric: string, moRef: string): number {
  const series = generated.find((s) => s.metric === metric && s.tags.vm === moRef);
  if (!series) throw new Error(`no ${metric} for ${moRef}`);
  const xs = [...series.values].sort((a, b) => a - b);
  const rank = 0.95 * (xs.length - 1);
  const lo = xs[Math.floor(rank)] ?? 0;
  return lo + ((xs[Math.ceil(rank)] ?? 0) - lo) * (rank - Math.floor(rank));
}

describe('the demo report in French, checked by other tools', () => {
  it('passes qpdf’s structural check', async () => {
    const { status, output } = await qpdfCheck(result.documents.pdf);
    expect(output).toContain('No syntax or stream encoding errors');
    expect(status).toBe(0);
  });

  it('embeds its TrueType fonts, holds no raster image, and carries its French title', async () => {
    const doc = await openPdfStrict(result.documents.pdf);
    const { fonts, images } = await pdfDrawing(doc);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
    ]);
    for (const font of fonts) {
      expect(font, font.name).toEqual({
        name: font.name,
        type: 'CIDFontType2',
        encoding: 'Identity-H',
        embedded: true,
        subset: true,
        toUnicode: true,
      });
    }
    expect(images).toBe(0);
    expect(await pdfInfo(doc)).toEqual({
      title: 'Rapport vScope hebdomadaire 2026-W47 — pcc-192-0-2-10',
      pages: pages.length,
    });
  });

  it('draws every page: each page’s operators build, none is blank', async () => {
    const { blankPages } = await pdfDrawing(await openPdfStrict(result.documents.pdf));
    expect(pages.length).toBeGreaterThan(3);
    expect(blankPages).toEqual([]);
  });

  it('names every component and states every finding in French, with its figures', () => {
    const text = squeeze(pages.join(' '));
    const dc = result.model.datacenters[0];
    for (const c of [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])]) {
      expect(text, c.displayName).toContain(squeeze(c.displayName));
    }
    const fr = loadCatalogue('fr');
    for (const f of result.model.findings) {
      const title = fr.get(f.messages?.title.key ?? '');
      expect(typeof title, f.id).toBe('string');
      expect(text, f.id).toContain(squeeze(title as string));
    }
    const cpu = p95('vscope.vm.cpu.usage.perc', DEMO_PLANTED.highCpuReadyVm.moRef);
    expect(text).toContain(cpu.toFixed(1).replace('.', ','));
    expect(text).toContain('ContentionCPU');
  });

  it('writes JSON that an independent validator accepts against the shipped schema', () => {
    const validate = jsonSchemaValidator(JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')));
    expect(validate(JSON.parse(result.documents.json))).toEqual([]);
  });

  it('writes one CSV row per VM, headed in French', () => {
    // French spreadsheets split on semicolons.
    const [header = [], ...rows] = parseCsv(result.documents.csv.vms.slice(1), ';');
    expect(header).toContain('État d’alimentation');
    expect(rows.map((r) => r[header.indexOf('VM')]).sort()).toEqual(
      (result.model.datacenters[0]?.vms ?? []).map((vm) => vm.displayName).sort(),
    );
  });
});
