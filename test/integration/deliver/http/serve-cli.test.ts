import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run serve`: the HTTP API on 127.0.0.1 over the demo emulators. Runs the command, follows
 * the example it prints with the key it prints, then stops it with SIGTERM.
 */
const ROOT = new URL('../../../../', import.meta.url).pathname;

describe('npm run serve', () => {
  it('prints a URL and a demo API key that together return the demo service’s report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vscope-serve-test-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/serve.ts', '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' },
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (/format=pdf/.test(stdout)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${stdout}`)));
      });
      const url = /^serve: (http:\/\/127\.0\.0\.1:\d+)/m.exec(stdout)?.[1];
      const key = /^API key: (\S+)$/m.exec(stdout)?.[1];
      const example = /'(http:\/\/127\.0\.0\.1:\d+\/v1\/reports\?[^']*format=json)'/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      expect(example?.startsWith(url ?? '-')).toBe(true);
      const response = await fetch(example ?? '', { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { serviceName: string }).serviceName).toBe('pcc-192-0-2-10');
      expect((await fetch(example ?? '')).status).toBe(401);

      // Asked to answer asynchronously, the in-process worker builds it: 202, poll, 303, the report.
      const auth = { authorization: `Bearer ${key}` };
      const accepted = await fetch(`${example}&lang=pt`, { headers: { ...auth, prefer: 'respond-async' } });
      expect(accepted.status).toBe(202);
      const job = `${url}${accepted.headers.get('location')}`;
      let polled = await fetch(job, { headers: auth, redirect: 'manual' });
      for (let n = 0; polled.status === 200 && n < 500; n++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        polled = await fetch(job, { headers: auth, redirect: 'manual' });
      }
      expect(polled.status).toBe(303);
      const report = await fetch(`${url}${polled.headers.get('location')}`, { headers: auth });
      expect(report.status).toBe(200);
      expect(((await report.json()) as { serviceName: string }).serviceName).toBe('pcc-192-0-2-10');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
