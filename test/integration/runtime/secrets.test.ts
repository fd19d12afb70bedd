import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { DEMO_CREDENTIALS } from '../../../demo/emulators/demo-environment.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { describeError, MetricsAuthError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { failedQueries } from '../../../lib/core/types.ts';
import { FETCH_DEFAULTS } from '../../../lib/fetch/fetch-series.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { buildReport } from '../../../lib/pipeline.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';
import { type ScriptedServer, scriptedServer } from '../../support/http-server.ts';
import { openPdf, pdfPageTexts } from '../../support/pdf-text.ts';

/** Runs a command line of the project and returns everything it printed. */
function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

let server: ScriptedServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('secrets', () => {
  it('never appear in what the demo prints or writes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vscope-demo-'));
    const { code, output } = await run('bin/demo.ts', ['--week', '2026-W47', '--out', out], {});
    expect(code, output).toBe(0);
    expect(output).toContain('report.pdf');
    const secrets = [DEMO_CREDENTIALS.metricsToken, DEMO_CREDENTIALS.appSecret, DEMO_CREDENTIALS.consumerKey];
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = file.endsWith('.pdf')
        ? (await pdfPageTexts(await openPdf(new Uint8Array(readFileSync(file))))).join(' ')
        : readFileSync(file, 'utf8');
      for (const secret of [...secrets, 'read:']) expect(text, file).not.toContain(secret);
    }
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('stay out of the failure when the metrics endpoint refuses the token and echoes it back', async () => {
    const token = 'tok-3f9a-very-secret';
    server = await scriptedServer([
      (res, req) =>
        res
          .writeHead(401)
          .end(`Not authorized: ${Buffer.from(String(req.headers.authorization).slice(6), 'base64')}`),
    ]);
    const client = createOpenTsdbClient({ endpoint: server.url, token, maxRetries: 0 });
    const root = mkdtempSync(join(tmpdir(), 'vscope-secret-'));
    const error = await buildReport(
      {
        inventory: staticInventory(demoInventory()),
        metrics: client,
        store: createFsStore(root),
        now: () => new Date(),
      },
      { period: isoWeekPeriod('2026-W47', 'Europe/Paris') },
    ).catch((e: unknown) => e);
    await client.close();
    // The server did see the token: the test would catch a leak.
    expect(server.requests[0]?.headers.authorization).toContain(
      Buffer.from(`read:${token}`).toString('base64'),
    );
    // A refused token fails the run, naming the cause and the fix; nothing is stored.
    expect(error).toBeInstanceOf(MetricsAuthError);
    const described = describeError(error);
    expect(described.code).toBe('METRICS_AUTH');
    expect(described.message).toMatch(/refused the credentials \(401\).*metrics\.token/);
    expect(readdirSync(root, { recursive: true })).toEqual([]);
    // Nothing a reporter prints of the error or its causes holds the token.
    const chain: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e.message, String(e.stack));
    for (const text of [JSON.stringify(described), ...chain]) expect(text).not.toContain(token);
  });

  it('stay out of every file and printed line when the endpoint echoes them encoded and the URL carries them', async () => {
    const token = 'tok/3f9a+very secret=';
    const basic = Buffer.from(`read:${token}`).toString('base64');
    const encoded = encodeURIComponent(token);
    const forms = [token, basic, basic.replace(/=+$/, ''), encoded];
    // The demo week behind an endpoint that takes only this token; its first answer fails and
    // echoes the credentials in every form. One metric per request: that failure gaps one metric
    // and the report is still made, with the echo in its gap reasons.
    const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
    const inventory = demoInventory();
    const series = createSeriesStore();
    for (const s of generateDemoSeries(inventory, {
      fromSec: period.startMs / 1000,
      toSec: period.endMs / 1000,
    })) {
      series.addSeries(s.metric, s.tags, s.timestamps, s.values);
    }
    const echo = await startOpenTsdbEmulator({ store: series, auth: { token } });
    echo.faults.push({
      status: 500,
      body:
        `Refused Authorization: Basic ${basic}; token=${encoded}; ` +
        `retry at http://read:${encoded}@${new URL(echo.url).host}/api/query`,
    });
    const printed: string[] = [];
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const capture =
      (original: typeof process.stdout.write) =>
      (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
        printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean).call(
          process.stdout,
          chunk,
          ...rest,
        );
      };
    const root = mkdtempSync(join(tmpdir(), 'vscope-secret-url-'));
    const endpoint = echo.url.replace('://', `://read:${encoded}@`);
    const client = createOpenTsdbClient({
      endpoint,
      token: 'unused-config-token',
      maxRetries: 0,
      attemptTimeoutMs: 120_000,
    });
    process.stdout.write = capture(writes.out) as typeof process.stdout.write;
    process.stderr.write = capture(writes.err) as typeof process.stderr.write;
    let result: Awaited<ReturnType<typeof buildReport>>;
    try {
      result = await buildReport(
        {
          inventory: staticInventory(inventory),
          metrics: client,
          store: createFsStore(root),
          now: () => new Date(),
        },
        { period, fetch: { ...FETCH_DEFAULTS, maxSubQueriesPerRequest: 1 } },
      );
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      await client.close();
      await echo.close();
    }
    // The endpoint took the token from the URL (it refuses any other): a leak would show.
    expect(result.model.coverage.received).toBeGreaterThan(0);
    const reason = failedQueries(result.model.gaps)[0]?.reason ?? '';
    expect(reason).toContain(
      'answered 500: Refused Authorization: Basic ***; token=***; retry at http://***@',
    );
    const { pdf, json, html, csv } = result.documents;
    if (!pdf || !json || !html || !csv) throw new Error('expected every document');
    const pdfText = (await pdfPageTexts(await openPdf(pdf))).join(' ');
    expect(pdfText).toContain('Refused');
    const texts: [string, string][] = [
      ['report.json', json],
      ['report.html', html],
      // A long line may wrap anywhere in the PDF: read it without the breaks.
      ['report.pdf text', pdfText.replace(/\s+/g, '')],
      ...Object.entries(csv).map(([file, text]): [string, string] => [`${file}.csv`, text]),
      ['printed', printed.join('')],
      ...filesUnder(root)
        .filter((file) => !file.endsWith('.pdf'))
        .map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
    ];
    for (const [where, text] of texts) {
      for (const form of forms) expect(text.includes(form), `${form} in ${where}`).toBe(false);
    }
  });
});
