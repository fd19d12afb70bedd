import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeries, generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { DEMO_PLANTED, demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { type Documents, isSeriesGap, type ReportModel } from '../../../lib/core/types.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { buildReport, type ReportResult } from '../../../lib/pipeline.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';
import { openPdf, pdfPageTexts, squeeze } from '../../support/pdf-text.ts';

/**
 * The whole pipeline over HTTP: demo series → OpenTSDB emulator on 127.0.0.1 → client →
 * statistics → charts → PDF/HTML/JSON → local object store. Expected figures are recomputed
 * here from the generated samples, independently of the emulator and the statistics module.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const generated: DemoSeries[] = [
  ...generateDemoSeries(inventory, { fromSec: period.startMs / 1000, toSec: period.endMs / 1000 }),
];
const root = mkdtempSync(join(tmpdir(), 'vscope-pipeline-'));
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>>;
let client: OpenTsdbClient;
let result: ReportResult<Documents>;

/** Textbook figures of one generated series: sort, index, average. */
function expectedFigures(metric: string, tag: string, value: string) {
  const series = generated.find((s) => s.metric === metric && s.tags[tag] === value);
  if (!series) throw new Error(`no generated ${metric} for ${value}`);
  const xs = [...series.values].sort((a, b) => a - b);
  const rank = 0.95 * (xs.length - 1);
  const lo = xs[Math.floor(rank)] ?? 0;
  const hi = xs[Math.ceil(rank)] ?? 0;
  return {
    samples: xs.length,
    min: xs[0],
    max: xs[xs.length - 1],
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    p95: lo + (hi - lo) * (rank - Math.floor(rank)),
  };
}

function vmReport(model: ReportModel, moRef: string) {
  const vm = model.datacenters[0]?.vms.find((v) => v.key === moRef);
  if (!vm) throw new Error(`no ${moRef} in the report`);
  return vm;
}

beforeAll(async () => {
  const store = createSeriesStore();
  for (const s of generated) store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  emulator = await startOpenTsdbEmulator({ store });
  client = createOpenTsdbClient({ endpoint: emulator.url, token: 'integration-token' });
  result = await buildReport(
    {
      inventory: staticInventory(inventory),
      metrics: client,
      store: createFsStore(root),
      now: () => new Date('2026-11-23T06:00:00Z'),
    },
    { period, creationDate: new Date('2026-11-23T06:00:00Z') },
  );
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe('weekly report of the demo datacenter, end to end', () => {
  it('stores the PDF, HTML, JSON and daily summaries under reports/<service>/weekly/<week>/', () => {
    const base = join(root, 'reports/pcc-192-0-2-10/weekly/2026-W47');
    expect(result.stored.map((s) => s.location)).toEqual([
      join(base, 'report.pdf'),
      join(base, 'report.html'),
      join(base, 'report.json'),
      join(base, 'hosts.csv'),
      join(base, 'vms.csv'),
      join(base, 'datastores.csv'),
      join(base, 'summaries.json'),
    ]);
    expect(readFileSync(join(base, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('fetches every metric of the datacenter in two grouped requests, under the points cap', () => {
    // The planner counts what the inventory lists: 4 hosts × (2 + 4 NICs × 4) + 15 VMs × 13 +
    // 3 filers = 270 series × 2,016 buckets = 544,320 points, over the 500,000 one response may
    // carry: two requests.
    expect(result.requests).toBe(2);
    expect(emulator.stats.requests).toBe(2);
  });

  it('writes JSON whose figures match statistics recomputed from the generated samples', () => {
    const json = JSON.parse(readFileSync(result.stored[2]?.location ?? '', 'utf8')) as ReportModel;
    expect(json).toEqual(JSON.parse(JSON.stringify(result.model)));
    for (const [metric, moRef] of [
      ['vscope.vm.cpu.usage.perc', DEMO_PLANTED.highCpuReadyVm.moRef],
      ['vscope.vm.disk.latency.write', DEMO_PLANTED.slowDiskVm.moRef],
      ['vscope.vm.mem.usage.perc', DEMO_PLANTED.idleVm.moRef],
    ] as const) {
      const want = expectedFigures(metric, 'vm', moRef);
      const got = vmReport(json, moRef).metrics[metric];
      expect(got?.samples).toBe(want.samples);
      expect(got?.expected).toBe(2016);
      expect(got?.min).toBeCloseTo(want.min ?? Number.NaN, 9);
      expect(got?.max).toBeCloseTo(want.max ?? Number.NaN, 9);
      expect(got?.mean).toBeCloseTo(want.mean, 9);
      expect(got?.p95).toBeCloseTo(want.p95, 9);
    }
  });

  it('converts CPU ready to % per vCPU with the 5-minute interval and the VM’s vCPU count', () => {
    const ready = expectedFigures('vscope.vm.cpu.ready', 'vm', DEMO_PLANTED.highCpuReadyVm.moRef);
    const pct = vmReport(result.model, DEMO_PLANTED.highCpuReadyVm.moRef).derived['vm.cpu.ready.pct'];
    // ms / (300 s × 1000) × 100 / 8 vCPU
    expect(pct?.mean).toBeCloseTo(((ready.mean / 300_000) * 100) / DEMO_PLANTED.highCpuReadyVm.cpuNum, 9);
  });

  it('surfaces every planted condition as a finding, and nothing unplanted as critical', () => {
    const found = result.model.findings.map((f) => `${f.severity} ${f.rule} ${f.subject.displayName}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `critical cpu-contention ${DEMO_PLANTED.highCpuReadyVm.name}`,
        `critical storage-latency ${DEMO_PLANTED.slowDiskVm.name}`,
        `warning datastore-fullness ${DEMO_PLANTED.fillingFiler.name}`,
        `warning missing-data ${DEMO_PLANTED.gapHost.name}`,
        `info vm-idle ${DEMO_PLANTED.idleVm.name}`,
        `info vm-powered-off ${DEMO_PLANTED.poweredOffVm.name}`,
      ]),
    );
    const planted = new Set<string>([DEMO_PLANTED.highCpuReadyVm.name, DEMO_PLANTED.slowDiskVm.name]);
    const critical = result.model.findings.filter((f) => f.severity === 'critical');
    expect(critical.filter((f) => !planted.has(f.subject.displayName))).toEqual([]);
  });

  it('counts the 6-hour gap of the gap host as missing samples, not zeros', () => {
    const host = result.model.datacenters[0]?.hosts.find((h) => h.key === DEMO_PLANTED.gapHost.name);
    const cpu = host?.metrics['vscope.host.cpu.usage.perc'];
    expect(cpu?.expected).toBe(2016);
    expect(cpu?.samples).toBe(2016 - 72);
    expect(cpu?.min).toBeGreaterThan(0);
  });

  it('prints every component and an independently computed figure in the PDF', async () => {
    const pages = await pdfPageTexts(await openPdf(result.documents.pdf));
    const text = squeeze(pages.join(' '));
    const dc = result.model.datacenters[0];
    for (const c of [...(dc?.hosts ?? []), ...(dc?.vms ?? []), ...(dc?.filers ?? [])]) {
      expect(text, c.displayName).toContain(squeeze(c.displayName));
    }
    const cpu = expectedFigures('vscope.vm.cpu.usage.perc', 'vm', DEMO_PLANTED.highCpuReadyVm.moRef);
    expect(text).toContain(cpu.p95.toFixed(1));
    expect(text).toContain('CPUcontention');
  });

  it('writes a self-contained HTML page naming every component', () => {
    const $ = load(result.documents.html);
    // One inline script (table sorting), allowed by the page's policy; nothing linked.
    expect($('script').length).toBe(1);
    expect($('script[src]').length).toBe(0);
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toMatch(/script-src 'sha256-/);
    expect($('link[rel=stylesheet]').length).toBe(0);
    expect($('svg').length).toBe(result.charts);
    const body = $('main').text();
    for (const vm of result.model.datacenters[0]?.vms ?? []) expect(body).toContain(vm.displayName);
    expect(body).toContain(DEMO_PLANTED.slowDiskVm.name);
  });
});

describe('gaps and capacity of the demo, week 47', () => {
  const gapHost = DEMO_PLANTED.gapHost.name;

  it('lists the 6-hour Wednesday gap of the gap host in report.json, in local time', () => {
    const json = JSON.parse(result.documents.json) as ReportModel;
    const gaps = json.gaps.filter(isSeriesGap).filter((g) => g.components.includes(gapHost));
    // Every host metric misses Wed 18 Nov 01:00–07:00 UTC, 02:00–08:00 in Paris (timestamps jitter by seconds).
    expect(gaps.map((g) => g.metric).sort()).toEqual(
      [
        'vscope.host.cpu.usage.perc',
        'vscope.host.mem.usage.perc',
        'vscope.host.net.packetsrx',
        'vscope.host.net.packetstx',
        'vscope.host.net.rx',
        'vscope.host.net.tx',
      ].sort(),
    );
    for (const g of gaps) {
      expect(g.startLocal).toMatch(/^2026-11-18T02:00:\d\d\+01:00$/);
      expect(g.endLocal).toMatch(/^2026-11-18T08:00:\d\d\+01:00$/);
      expect(Math.abs(g.durationSeconds - 6 * 3600)).toBeLessThan(60);
      expect(g.missingSamples).toBe(72);
    }
    // Nothing else is missing in the demo, and the powered-off VM is not a gap.
    expect(json.gaps.filter(isSeriesGap).flatMap((g) => g.components)).toEqual(gaps.map(() => gapHost));
  });

  it('shows the gap in the gaps section of the HTML and the PDF, and shades it on the host CPU chart', async () => {
    const $ = load(result.documents.html);
    const row = $('#gaps tr').filter((_, el) => $(el).text().includes(gapHost));
    expect(row.length).toBe(1);
    expect(row.text()).toContain('Wed 18 Nov 02:00 – 08:00');
    expect(row.text()).toContain('6 h');
    expect(row.text()).toContain('CPU usage');
    expect($('#gaps').text()).not.toContain(DEMO_PLANTED.poweredOffVm.name);
    const hostChart = $('#dc-1842-hosts svg').first().toString();
    expect(hostChart).toContain('fill="#9aa5b1"');
    const pages = await pdfPageTexts(await openPdf(result.documents.pdf));
    const gapsPage = pages.filter((p) => p.includes('Gaps in the data')).join(' ');
    expect(gapsPage).toContain(gapHost);
    expect(gapsPage).toContain('Wed 18 Nov 02:00 – 08:00');
  });

  it('computes capacity and N+1 as recomputed from the generated samples', () => {
    const hosts = inventory.datacenters[0]?.hosts ?? [];
    const p95 = (metric: string, host: string) => expectedFigures(metric, 'host', host).p95 / 100;
    const cpuUsed = hosts.reduce(
      (n, h) => n + p95('vscope.host.cpu.usage.perc', h.tag) * ((h.cpuMhz ?? 0) / 1000),
      0,
    );
    const memUsed = hosts.reduce((n, h) => n + p95('vscope.host.mem.usage.perc', h.tag) * (h.ramGb ?? 0), 0);
    const cpuTotal = hosts.reduce((n, h) => n + (h.cpuMhz ?? 0) / 1000, 0);
    const ramTotal = hosts.reduce((n, h) => n + (h.ramGb ?? 0), 0);
    const largestRam = Math.max(...hosts.map((h) => h.ramGb ?? 0));
    const largestCpu = Math.max(...hosts.map((h) => (h.cpuMhz ?? 0) / 1000));
    const running = (inventory.datacenters[0]?.vms ?? []).filter((v) => v.powerState === 'poweredOn');
    const vcpus = running.reduce((n, v) => n + (v.cpuNum ?? 0), 0);
    const cores = hosts.reduce((n, h) => n + (h.cpuCores ?? 0), 0);

    const capacity = result.model.datacenters[0]?.capacity;
    expect(capacity?.cpuGhz.total).toBeCloseTo(cpuTotal, 9);
    expect(capacity?.cpuGhz.p95.used).toBeCloseTo(cpuUsed, 6);
    expect(capacity?.cpuGhz.p95.free).toBeCloseTo(cpuTotal - cpuUsed, 6);
    expect(capacity?.memoryGb.p95.used).toBeCloseTo(memUsed, 6);
    expect(capacity?.memoryGb.total).toBe(ramTotal);
    expect(capacity?.vcpuPerCore).toBeCloseTo(vcpus / cores, 12);
    expect(capacity?.hostLoss.memory.usedPctAfterLoss).toBeCloseTo(
      (memUsed / (ramTotal - largestRam)) * 100,
      6,
    );
    expect(capacity?.hostLoss.cpu.usedPctAfterLoss).toBeCloseTo((cpuUsed / (cpuTotal - largestCpu)) * 100, 6);
    // Planted bands: memory p95 at most 66, 64, 58 and 72 % of 768, 768, 384 and 384 GB = 1,497.6 GB
    // on the 1,536 GB left without a 768 GB host: 97.5 % at most, within the 100 % limit.
    expect(capacity?.survivesLargestHostLoss).toBe(true);
    expect(result.model.findings.filter((f) => f.rule === 'host-loss')).toEqual([]);
    const $ = load(result.documents.html);
    expect($('#dc-1842-capacity').text()).toContain('Survives the loss of its largest host');
  });
});
