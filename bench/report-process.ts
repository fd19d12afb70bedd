/**
 * Child process of the benchmark: one measurement against a running emulator, printed as one
 * JSON line. A fresh process per measurement, so peak RSS belongs to that measurement alone.
 * argv: <mode report|floor|naive> <size> <week|month> <periodLabel> <timeZone> <url> <outDir> [datacenter]
 * With `datacenter` (an index into the scenario's datacenters), the measurement covers that
 * datacenter alone: the job a per-datacenter fan-out would run.
 * Every request asks for gzipped answers, as the report's client does; `wire_bytes` counts the
 * answers' bodies as received, `bytes_in` the decoded JSON.
 * A failure is written to stderr and the process exits non-zero (the bench reports both).
 */
import { request } from 'undici';
import { staticInventory } from '../demo/static-inventory.ts';
import { METRICS } from '../lib/core/catalogue.ts';
import { mapLimit } from '../lib/core/map-limit.ts';
import { isoWeekPeriod, monthPeriod } from '../lib/core/period.ts';
import type { OpenTsdbQueryBody } from '../lib/core/ports.ts';
import { FETCH_DEFAULTS } from '../lib/fetch/fetch-series.ts';
import { ACCEPT_ENCODING, decodedBody, encodingOf } from '../lib/fetch/inflate-answer.ts';
import { createOpenTsdbClient } from '../lib/fetch/opentsdb-client.ts';
import { planQueries } from '../lib/fetch/plan-queries.ts';
import { buildReport } from '../lib/pipeline.ts';
import { createFsStore } from '../lib/store/fs-store.ts';
import { type SizeName, scenarioInventory } from './scenario.ts';

const [mode, size, kind, label, zone, url, outDir, datacenter] = process.argv.slice(2) as [
  string,
  SizeName,
  string,
  string,
  string,
  string,
  string,
  string | undefined,
];
const period = kind === 'month' ? monthPeriod(label, zone) : isoWeekPeriod(label, zone);
const inventory = scenarioInventory(size, datacenter === undefined ? undefined : Number(datacenter));

async function post(
  body: OpenTsdbQueryBody | Record<string, unknown>,
): Promise<{ bytes: number; wire: number; points: number }> {
  const res = await request(`${url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-encoding': ACCEPT_ENCODING },
    body: JSON.stringify(body),
  });
  let wire = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of decodedBody(res.body, encodingOf(res.headers['content-encoding']), (n) => {
    wire += n;
  }))
    chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  chunks.length = 0;
  if (res.statusCode !== 200) throw new Error(`emulator answered ${res.statusCode}: ${text.slice(0, 300)}`);
  const parsed = JSON.parse(text) as { dps: Record<string, unknown> }[];
  let points = 0;
  for (const r of parsed) points += Object.keys(r.dps).length;
  return { bytes: Buffer.byteLength(text), wire, points };
}

async function report() {
  const client = createOpenTsdbClient({ endpoint: url, token: 'bench' });
  const t0 = performance.now();
  const result = await buildReport(
    {
      inventory: staticInventory(inventory),
      metrics: client,
      store: createFsStore(outDir),
      now: () => new Date(),
    },
    { period },
  );
  const wall = (performance.now() - t0) / 1000;
  await client.close();
  const pdf = result.stored.find((s) => s.key.endsWith('.pdf'));
  return {
    wall_s: wall,
    stages: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, v / 1000])),
    requests: client.stats.requests,
    bytes_in: client.stats.bytesIn,
    wire_bytes: client.stats.wireBytes,
    points: result.model.coverage.received,
    pdf_bytes: pdf?.bytes ?? 0,
    pdf_path: pdf?.location ?? '',
    html_path: result.stored.find((s) => s.key.endsWith('.html'))?.location ?? '',
    charts: result.charts,
    pdf_s: (result.documentTimings.pdf ?? 0) / 1000,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}

/** The same requests the report makes, fetched and JSON.parsed, nothing else. */
async function floor() {
  const plan = planQueries(inventory, period, FETCH_DEFAULTS);
  const t0 = performance.now();
  const done = await mapLimit(plan.requests, FETCH_DEFAULTS.concurrency, (r) => post(r.body));
  return {
    floor_s: (performance.now() - t0) / 1000,
    floor_requests: done.length,
    floor_points: done.reduce((n, d) => n + d.points, 0),
    floor_bytes_in: done.reduce((n, d) => n + d.bytes, 0),
    floor_wire_bytes: done.reduce((n, d) => n + d.wire, 0),
    floor_peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}

/** A straightforward client: one request per component and metric, full resolution. */
async function naive() {
  const start = Math.floor(period.startMs / 1000);
  const end = Math.ceil(period.endMs / 1000) - 1;
  const jobs = inventory.datacenters.flatMap((dc) => {
    const keys = {
      host: dc.hosts.map((h) => h.tag),
      vm: dc.vms.map((v) => v.tag),
      filer: dc.filers.map((f) => f.tag),
    };
    return METRICS.flatMap((m) =>
      keys[m.kind].map((key) => ({
        start,
        end,
        queries: [{ metric: m.name, aggregator: 'sum', tags: { datacenter: dc.tag, [m.componentTag]: key } }],
      })),
    );
  });
  const t0 = performance.now();
  const done = await mapLimit(jobs, FETCH_DEFAULTS.concurrency, post);
  return {
    naive_s: (performance.now() - t0) / 1000,
    naive_requests: jobs.length,
    naive_points: done.reduce((n, d) => n + d.points, 0),
  };
}

const run = { report, floor, naive }[mode ?? ''];
try {
  if (!run) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} catch (error) {
  process.stderr.write(
    `bench ${mode} ${size}/${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
