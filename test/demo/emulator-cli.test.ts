import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../demo/emulators/demo-environment.ts';

/** `npm run emulator`: both emulators standalone, one labelled URL per line, clean stop on SIGTERM. */
describe('emulator command', () => {
  it('prints labelled URLs, answers on both, and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bin/emulator.ts', '--flavor', 'ovh', '--empty'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const urls: Record<string, string> = {};
      const lines = createInterface({ input: child.stdout });
      for await (const line of lines) {
        const [label, url] = line.split(' ');
        if (label && url) urls[label] = url;
        if (urls.opentsdb && urls.apiv6) break;
      }
      expect(urls.opentsdb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(urls.apiv6).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/1\.0$/);
      // The ovh flavour wants the demo token, then answers GET /api/query with 501, as OVH's proxy does.
      const anonymous = await request(`${urls.opentsdb}/api/query`);
      expect(anonymous.statusCode).toBe(401);
      expect(await anonymous.body.text()).toContain('Not authorized');
      const authorization = `Basic ${Buffer.from(`read:${DEMO_CREDENTIALS.metricsToken}`).toString('base64')}`;
      const get = await request(`${urls.opentsdb}/api/query`, { headers: { authorization } });
      expect(get.statusCode).toBe(501);
      await get.body.text();
      // A liveness probe, skipping verification: trusting the printed certificate file is
      // test/integration/bin/emulator-report.test.ts's concern.
      const insecure = new Agent({ connect: { rejectUnauthorized: false } });
      const before = Date.now();
      const time = await request(`${urls.apiv6}/auth/time`, { dispatcher: insecure });
      const serverSec = Number(await time.body.text());
      // Read between our two readings of the clock, however long the call took.
      expect(serverSec).toBeGreaterThanOrEqual(Math.floor(before / 1000));
      expect(serverSec).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      await insecure.close();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
