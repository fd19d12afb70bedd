/**
 * `npm run bench -- [--sizes S,M,L,XL] [--period week|month] [--runs N] [--latency-ms N] [--link-mbps N] [--jobs service|per-datacenter] [--skip-naive] [--skip-cold-start] [--out FILE]`
 *
 * For each size: starts the OpenTSDB emulator in its own process with the scenario's 5-minute
 * series, each answer held back `--latency-ms` (default 20: a short round trip to a remote
 * endpoint; 0 for bare loopback) and all answers sharing a link of `--link-mbps` (default 100;
 * 0 for bare loopback), gzipped as stock OpenTSDB does for clients that ask, then measures in
 * fresh child processes (so each peak RSS is that job's alone):
 *   report  the whole weekly (or monthly) report: PDF + HTML + JSON (+ CSV when composed)
 *   floor   the same requests, fetched and JSON.parsed, nothing else
 *   naive   one request per component and metric at full resolution, fetch + parse only
 *           (left out with `--skip-naive`: at XL it is 66,000 requests)
 * and, in this process, a warm headless Chromium printing the report's HTML to PDF.
 * `--jobs per-datacenter` builds the report as a per-datacenter fan-out would: one child per
 * datacenter, each a report of that datacenter alone, run one after the other; peak RSS is the
 * largest job's, wall the longest job's (jobs run side by side when fanned out), and each job's
 * figures are in `jobs`. The merge of the parts is not measured here.
 * A child that fails is reported with its exit code and the tail of its stderr.
 * Prints a table and writes bench/results/latest.json (or `--out FILE`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCommand, UsageError } from '../bin/cli.ts';
import { lastCompleteIsoWeek, lastCompleteMonth } from '../lib/core/period.ts';
import { measureColdStart } from './cold-start.ts';
import { SIZES, type SizeName } from './scenario.ts';

const ZONE = 'Europe/Paris';
const DAY = 86_400;

/** The last bytes of a child's stderr kept for a failure report. */
const STDERR_TAIL_BYTES = 4000;

interface Child {
  readonly process: ChildProcess;
  readonly name: string;
  /** The tail of its stderr so far (stderr is also passed through to ours). */
  stderrTail(): string;
  /** Its exit code (or signal), once exited. */
  readonly exited: Promise<string>;
}

function node(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`));
  });
  return { process: child, name: `${script} ${args[0] ?? ''}`, stderrTail: () => tail, exited };
}

/** A child's first line of output; when it ends without one, an error naming its exit and stderr. */
async function firstLine(child: Child): Promise<string> {
  if (!child.process.stdout) throw new Error('no stdout');
  for await (const line of createInterface({ input: child.process.stdout })) return line;
  const exit = await child.exited;
  const tail = child.stderrTail().trim();
  throw new Error(
    `${child.name} ended without output (${exit})${tail ? `; the end of its stderr:\n${tail}` : ''}`,
  );
}

async function measure(mode: string, args: string[]): Promise<Record<string, unknown>> {
  const child = node('bench/report-process.ts', [mode, ...args]);
  const line = await firstLine(child);
  const exit = await child.exited;
  if (exit !== 'exit code 0') throw new Error(`${child.name} printed a result but ended with ${exit}`);
  return JSON.parse(line) as Record<string, unknown>;
}

type Jobs = 'service' | 'per-datacenter';

/**
 * One report measurement: the whole service in one child, or one child per datacenter (the
 * jobs of a fan-out), combined as the fan-out would see them.
 */
async function measureReport(size: SizeName, jobs: Jobs, args: string[]): Promise<Record<string, unknown>> {
  if (jobs === 'service') return measure('report', args);
  const parts: Record<string, unknown>[] = [];
  for (let k = 0; k < SIZES[size].datacenters; k++) {
    const [sz, kind, label, zone, url, out] = args as [string, string, string, string, string, string];
    const dir = join(out, `dc${k}`);
    mkdirSync(dir, { recursive: true });
    progress(`${size}: job ${k + 1}/${SIZES[size].datacenters} (datacenter ${k})`);
    const part = await measure('report', [sz, kind, label, zone, url, dir, String(k)]);
    progress(
      `${size}: job ${k + 1} done: wall ${Number(part.wall_s).toFixed(1)} s, peak RSS ${Number(part.peak_rss_mb).toFixed(0)} MB`,
    );
    parts.push(part);
  }
  const sum = (key: string): number => parts.reduce((n, p) => n + Number(p[key] ?? 0), 0);
  const max = (key: string): number => Math.max(...parts.map((p) => Number(p[key] ?? 0)));
  const longest = parts.reduce((a, b) => (Number(b.wall_s) > Number(a.wall_s) ? b : a));
  return {
    ...longest,
    wall_s: max('wall_s'),
    jobs_wall_sum_s: sum('wall_s'),
    requests: sum('requests'),
    bytes_in: sum('bytes_in'),
    wire_bytes: sum('wire_bytes'),
    points: sum('points'),
    peak_rss_mb: max('peak_rss_mb'),
    charts: sum('charts'),
    jobs: parts.map((p, k) => ({
      datacenter: k,
      wall_s: p.wall_s,
      peak_rss_mb: p.peak_rss_mb,
      requests: p.requests,
      bytes_in: p.bytes_in,
      wire_bytes: p.wire_bytes,
    })),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function chromiumPdfSeconds(htmlPath: string): Promise<number | null> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return null;
  }
  const browser = await chromium
    .launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    })
    .catch(() => null);
  if (!browser) return null;
  try {
    const page = await browser.newPage();
    const html = readFileSync(htmlPath, 'utf8');
    await page.setContent(html);
    await page.pdf({ format: 'A4' }); // warm-up
    const t0 = performance.now();
    await page.setContent(html);
    await page.pdf({ format: 'A4', printBackground: true });
    return (performance.now() - t0) / 1000;
  } finally {
    await browser.close();
  }
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

interface Settings {
  readonly periodKind: 'week' | 'month';
  readonly runs: number;
  readonly latencyMs: number;
  readonly linkMbps: number;
  readonly jobs: Jobs;
  readonly skipNaive: boolean;
}

async function scenario(size: SizeName, settings: Settings) {
  const { periodKind, runs, latencyMs, linkMbps, jobs } = settings;
  const now = new Date();
  const period = periodKind === 'month' ? lastCompleteMonth(now, ZONE) : lastCompleteIsoWeek(now, ZONE);
  const from = period.startMs / 1000 - DAY;
  const to = period.endMs / 1000 + DAY;
  progress(`${size}/${periodKind}: loading the emulator (${SIZES[size].vms} VMs, separate process)`);
  const emulator = node('bench/emulator-process.ts', [
    size,
    String(from),
    String(to),
    String(latencyMs),
    String(linkMbps),
  ]);
  const [, url, loaded] = (await firstLine(emulator)).split(' ');
  if (!url) throw new Error('emulator did not start');
  const out = mkdtempSync(join(tmpdir(), `vscope-bench-${size}-`));
  try {
    const args = [size, periodKind, period.label, ZONE, url, out];
    const reports: Record<string, unknown>[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`${size}/${periodKind}: report run ${i + 1}/${runs}`);
      reports.push(await measureReport(size, jobs, args));
    }
    progress(`${size}/${periodKind}: floor${settings.skipNaive ? '' : ' and naive client'}`);
    const floors = [];
    for (let i = 0; i < runs; i++) floors.push(await measure('floor', args));
    const naive = settings.skipNaive ? { naive_s: null, naive_requests: null } : await measure('naive', args);
    const last = reports[reports.length - 1] ?? {};
    progress(`${size}/${periodKind}: Chromium printing the HTML`);
    const chromium = await chromiumPdfSeconds(String(last.html_path));
    const stageNames = Object.keys((last.stages as Record<string, number>) ?? {});
    return {
      scenario: size,
      period: periodKind,
      latency_ms: latencyMs,
      link_mbps: linkMbps,
      jobs,
      vms: SIZES[size].vms,
      datacenters: SIZES[size].datacenters,
      wall_s: median(reports.map((r) => Number(r.wall_s))),
      stages: Object.fromEntries(
        stageNames.map((s) => [s, median(reports.map((r) => (r.stages as Record<string, number>)[s] ?? 0))]),
      ),
      requests: last.requests,
      bytes_in: last.bytes_in,
      wire_bytes: last.wire_bytes,
      points: last.points,
      points_loaded: Number(loaded),
      peak_rss_mb: Math.max(...reports.map((r) => Number(r.peak_rss_mb))),
      pdf_bytes: last.pdf_bytes,
      charts: last.charts,
      ...(jobs === 'per-datacenter' ? { jobs_wall_sum_s: last.jobs_wall_sum_s, job_figures: last.jobs } : {}),
      floor_s: median(floors.map((f) => Number(f.floor_s))),
      floor_bytes_in: floors[0]?.floor_bytes_in,
      floor_wire_bytes: floors[0]?.floor_wire_bytes,
      // What fetching and parsing the same answers alone holds at its peak, for comparison.
      floor_peak_rss_mb: Math.max(...floors.map((f) => Number(f.floor_peak_rss_mb))),
      naive_s: naive.naive_s,
      naive_requests: naive.naive_requests,
      pdf_s: median(reports.map((r) => Number(r.pdf_s))),
      chromium_pdf_s: chromium,
      runs,
    };
  } finally {
    emulator.process.kill('SIGTERM');
    await emulator.exited;
    rmSync(out, { recursive: true, force: true });
  }
}

const spec = {
  name: 'npm run bench --',
  synopsis:
    '[--sizes S,M,L,XL] [--period week|month] [--runs N] [--latency-ms N] [--link-mbps N] [--jobs service|per-datacenter] [--skip-naive] [--skip-cold-start] [--out FILE]',
  summary:
    'Measures the weekly (or monthly) report of synthetic services of four sizes against the OpenTSDB\n' +
    'emulator in its own process, behind a link of --link-mbps, beside a fetch-and-parse floor, a naive\n' +
    'client and Chromium printing the HTML; prints a table and writes the results as JSON.',
  options: {
    sizes: {
      type: 'string',
      value: 'LIST',
      default: 'S,M,L',
      description: 'sizes to measure: S (12 VMs), M (250), L (1,000), XL (5,000 over 5 datacenters)',
    },
    period: {
      type: 'string',
      value: 'P',
      choices: ['week', 'month'],
      default: 'week',
      description: 'period of the report',
    },
    runs: { type: 'integer', min: 1, max: 20, default: 3, description: 'report runs per size (medians)' },
    'latency-ms': {
      type: 'integer',
      min: 0,
      max: 1000,
      default: 20,
      description: 'time each emulator answer is held back (0: bare loopback)',
    },
    'link-mbps': {
      type: 'integer',
      min: 0,
      max: 100_000,
      default: 100,
      description: 'rate of the link all emulator answers share, Mbit/s (0: bare loopback)',
    },
    jobs: {
      type: 'string',
      value: 'J',
      choices: ['service', 'per-datacenter'],
      default: 'service',
      description: 'one report job for the service, or one per datacenter (a fan-out)',
    },
    'skip-naive': { type: 'boolean', description: 'leave out the naive client' },
    'skip-cold-start': {
      type: 'boolean',
      description: 'skip packaging the functions and timing their import',
    },
    out: { type: 'string', value: 'FILE', default: 'bench/results/latest.json', description: 'results file' },
  },
  examples: [
    'npm run bench -- --sizes S --runs 1 --skip-cold-start',
    'npm run bench -- --sizes S,M,L --runs 3',
  ],
} as const;

await runCommand(spec, async (values) => {
  const sizes = values.sizes.split(',').map((s) => s.trim()) as SizeName[];
  for (const s of sizes)
    if (!(s in SIZES)) throw new UsageError(`--sizes: unknown size ${s}; expected S, M, L or XL`);
  const settings: Settings = {
    periodKind: values.period,
    runs: values.runs,
    latencyMs: values['latency-ms'],
    linkMbps: values['link-mbps'],
    jobs: values.jobs,
    skipNaive: values['skip-naive'] ?? false,
  };
  const { latencyMs, linkMbps } = settings;
  const results = [];
  for (const size of sizes) results.push(await scenario(size, settings));
  let cold: ReturnType<typeof measureColdStart> = null;
  if (!values['skip-cold-start']) {
    progress('cold start: packaging the functions (npm run package) and importing each handler');
    cold = measureColdStart();
  }
  mkdirSync('bench/results', { recursive: true });
  const withCold = results.map((r) => ({ ...r, cold_start: cold }));
  const file = values.out;
  writeFileSync(file, `${JSON.stringify(withCold, null, 2)}\n`);
  const rows = results.map((r) =>
    [
      `${r.scenario}/${r.period}`,
      r.vms,
      r.wall_s.toFixed(2),
      r.floor_s.toFixed(2),
      r.naive_s === null ? 'n/a' : Number(r.naive_s).toFixed(2),
      r.requests,
      (Number(r.wire_bytes) / 1e6).toFixed(1),
      (Number(r.bytes_in) / 1e6).toFixed(1),
      r.naive_requests,
      r.pdf_s.toFixed(2),
      r.chromium_pdf_s === null ? 'n/a' : r.chromium_pdf_s.toFixed(2),
      r.peak_rss_mb.toFixed(0),
      r.floor_peak_rss_mb.toFixed(0),
      (Number(r.pdf_bytes) / 1e6).toFixed(2),
      r.charts,
    ].join(' | '),
  );
  console.log(
    `answers held back ${latencyMs} ms each, ${linkMbps ? `on a shared ${linkMbps} Mbit/s link` : 'on bare loopback'}; jobs: ${settings.jobs}`,
  );
  console.log(
    'scenario | VMs | wall s | floor s | naive s | requests | wire MB | decoded MB | naive req | pdf s | chromium pdf s | peak RSS MB | floor RSS MB | PDF MB | charts',
  );
  for (const row of rows) console.log(row);
  if (cold) {
    console.log('\nfunction | zip KB | handler import ms (cold process)');
    for (const c of cold)
      console.log(`${c.function} | ${c.zip_kb} | ${c.import_ms === null ? 'n/a' : c.import_ms.toFixed(0)}`);
  }
  console.log(`written: ${file}`);
});
