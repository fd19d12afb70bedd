import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { DEMO_CREDENTIALS } from '../../../demo/emulators/demo-environment.ts';
import { staticInventory } from '../../../demo/static-inventory.ts';
import { describeError, MetricsAuthError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
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
});
