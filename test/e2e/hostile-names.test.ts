import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../demo/datacenter/generate.ts';
import { demoInventory } from '../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../demo/static-inventory.ts';
import { isoWeekPeriod } from '../../lib/core/period.ts';
import type { Documents, Inventory } from '../../lib/core/types.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../lib/fetch/opentsdb-client.ts';
import { buildReport, type ReportResult } from '../../lib/pipeline.ts';
import { createFsStore } from '../../lib/store/fs-store.ts';
import { launchChromium } from '../support/chromium.ts';
import { controlsIn } from '../support/controls.ts';
import { parseCsv } from '../support/csv.ts';
import { openPdf } from '../support/pdf-text.ts';

/**
 * A report of the demo datacenter whose VMs, a datastore and the datacenter carry hostile names
 * (markup, template syntax, spreadsheet formulas, bidi controls, NUL, 5,000 characters), built
 * by the whole pipeline against the OpenTSDB emulator: the names must stay inert text in the
 * HTML (in Chromium), the PDF, the CSV and the store's keys.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const LONG = `long-${'x'.repeat(4995)}`;
/** One hostile name per demo VM, in the demo's VM order. */
const VM_NAMES = [
  '<script>window.__hostile = "script"</script>',
  '<img src=x onerror="window.__hostile = \'img\'">',
  '{{7*7}}',
  '{% raw %}raw{% endraw %}',
  '=1+1',
  '+cmd',
  '@SUM(A1:A9)',
  '-2+3',
  '\n=1+1',
  '\n@SUM(A1)',
  'invoice\u202etxt.exe',
  'nul\u0000byte',
  LONG,
  '</bdi>\u2069\u202e<svg onload="window.__hostile = \'svg\'">',
  '\r+cr',
] as const;
const FILER_NAME = '"=HYPERLINK(""http://evil.example"")",\u202e';
const DC_NAME = 'DC {{ 7*7 }} \u202eRTL';

/** What the CSV must hold for each VM name: controls replaced, each formula line quoted. */
const CSV_VM_NAMES = [
  VM_NAMES[0],
  VM_NAMES[1],
  '{{7*7}}',
  '{% raw %}raw{% endraw %}',
  "'=1+1",
  "'+cmd",
  "'@SUM(A1:A9)",
  "'-2+3",
  "\n'=1+1",
  "\n'@SUM(A1)",
  'invoice\ufffdtxt.exe',
  'nul\ufffdbyte',
  LONG,
  '</bdi>\ufffd\ufffd<svg onload="window.__hostile = \'svg\'">',
  // A carriage return first is itself a formula start (OWASP): quoted, and the line after it too.
  "'\r'+cr",
];

function hostileInventory(): Inventory {
  const demo = demoInventory();
  const [dc] = demo.datacenters;
  if (!dc || dc.vms.length !== VM_NAMES.length) throw new Error('the demo has one datacenter of 15 VMs');
  return {
    ...demo,
    datacenters: [
      {
        ...dc,
        name: DC_NAME,
        vms: dc.vms.map((vm, i) => ({ ...vm, name: VM_NAMES[i] as string })),
        filers: dc.filers.map((f, i) => (i === 0 ? { ...f, name: FILER_NAME } : f)),
      },
    ],
  };
}

const root = mkdtempSync(join(tmpdir(), 'vscope-hostile-'));
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>> | undefined;
let client: OpenTsdbClient | undefined;
let browser: Browser | undefined;
let result: ReportResult<Documents>;

beforeAll(async () => {
  const inventory = hostileInventory();
  const store = createSeriesStore();
  // The series carry the demo's tags, which the renamed components keep.
  for (const s of generateDemoSeries(demoInventory(), {
    fromSec: period.startMs / 1000,
    toSec: period.endMs / 1000,
  }))
    store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  emulator = await startOpenTsdbEmulator({ store });
  client = createOpenTsdbClient({ endpoint: emulator.url, token: 'hostile-token' });
  result = await buildReport(
    {
      inventory: staticInventory(inventory),
      metrics: client,
      store: createFsStore(root),
      now: () => new Date('2026-11-23T06:00:00Z'),
    },
    { period, creationDate: new Date('2026-11-23T06:00:00Z') },
  );
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

function documents(): Required<Documents> {
  const { pdf, html, json, csv } = result.documents;
  if (!pdf || !html || !json || !csv) throw new Error('expected every document');
  return { pdf, html, json, csv };
}

describe('a report of components with hostile names', () => {
  it('keeps every name in report.json as the inventory gave it', () => {
    const model = JSON.parse(documents().json) as {
      datacenters: { name: string; vms: { displayName: string }[] }[];
    };
    expect(model.datacenters[0]?.name).toBe(DC_NAME);
    expect(model.datacenters[0]?.vms.map((vm) => vm.displayName).sort()).toEqual([...VM_NAMES].sort());
  });

  it('runs no script in Chromium, logs no error, and shows each name as text in its own <bdi>', async () => {
    if (!browser) throw new Error('no browser');
    const file = join(root, 'hostile.html');
    writeFileSync(file, documents().html);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(await page.evaluate('window.__hostile')).toBeUndefined();
    expect(
      await page.evaluate('document.querySelectorAll("img, iframe, object, embed, script[src]").length'),
    ).toBe(0);
    // The one script is the report's own (table sorting), last in the body, not a name's.
    expect(await page.evaluate('document.querySelectorAll("script").length')).toBe(1);
    expect(await page.evaluate('document.body.lastElementChild?.tagName')).toBe('SCRIPT');
    expect(await page.evaluate('document.querySelectorAll("[onload], [onerror]").length')).toBe(0);
    const isolated = (await page.evaluate(
      '[...document.querySelectorAll("bdi")].map((e) => e.textContent)',
    )) as string[];
    for (const name of [VM_NAMES[0], VM_NAMES[1], '{{7*7}}', '{% raw %}raw{% endraw %}', '=1+1', LONG]) {
      expect(isolated, name).toContain(name);
    }
    expect(isolated).toContain('invoice\ufffdtxt.exe');
    expect(isolated).toContain('DC {{ 7*7 }} \ufffdRTL');
    const text = (await page.evaluate('document.body.textContent')) as string;
    expect(controlsIn(text, '\n')).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('keeps every text run of the PDF within its page', async () => {
    const pdf = await openPdf(documents().pdf);
    const outside: string[] = [];
    let runs = 0;
    let longRuns = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const [, , width] = page.view;
      const content = await page.getTextContent();
      for (const item of content.items) {
        // A run of spaces ending a wrapped line draws nothing, wherever it ends.
        if (!('str' in item) || item.str.trim() === '') continue;
        runs++;
        if (item.str.includes('xxxxxxxxxx')) longRuns++;
        const x = item.transform[4] as number;
        if (x < 0 || x + item.width > (width as number) + 0.5)
          outside.push(`page ${n}: ${item.str.slice(0, 40)} at ${x}+${item.width}`);
      }
    }
    expect(runs).toBeGreaterThan(100);
    // The long name is there, broken over lines rather than cut off the page.
    expect(longRuns).toBeGreaterThan(1);
    expect(outside).toEqual([]);
  });

  it('writes CSV files that parse into the expected rows, no text cell starting a formula on any line', () => {
    const { csv } = documents();
    const [header = [], ...rows] = parseCsv(csv.vms.slice(1));
    expect(rows).toHaveLength(VM_NAMES.length);
    for (const row of rows) expect(row).toHaveLength(header.length);
    const column = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[column('VM')]).sort()).toEqual([...CSV_VM_NAMES].sort());
    expect(new Set(rows.map((r) => r[column('Datacenter')]))).toEqual(new Set(['DC {{ 7*7 }} \ufffdRTL']));
    const [, ...datastores] = parseCsv(csv.datastores.slice(1));
    expect(datastores.map((r) => r[2])).toContain('"=HYPERLINK(""http://evil.example"")",\ufffd');
    for (const [file, text] of Object.entries(csv)) {
      const [head = [], ...body] = parseCsv(text.slice(1));
      for (const row of body) {
        expect(row, file).toHaveLength(head.length);
        // A number is a number, never a formula (a negative trend stays -0.12).
        for (const cell of row.filter((c) => !Number.isFinite(Number(c)) || c.trim() !== c || c === '')) {
          for (const line of cell.split(/\r\n|\r|\n/))
            expect(line, `${file}: ${JSON.stringify(cell)}`).not.toMatch(/^[=+\-@\t]/);
        }
      }
    }
  });

  it('stores the documents under the same keys as any report of the service and week', () => {
    const base = 'reports/pcc-192-0-2-10/weekly/2026-W47';
    const names = [
      'report.pdf',
      'report.html',
      'report.json',
      'hosts.csv',
      'vms.csv',
      'datastores.csv',
      'summaries.json',
    ];
    expect(result.stored.map((s) => relative(root, s.location))).toEqual(names.map((n) => `${base}/${n}`));
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'hostile.html')
      .map((e) => relative(root, join(e.parentPath, e.name)));
    for (const file of files) expect(file).toMatch(/^[A-Za-z0-9/_.-]+$/);
  });
});
