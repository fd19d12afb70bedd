import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.ts';

/**
 * `npm run emulator` prints what a report run needs; pasted into the environment of
 * `npm run report`, a dry run and a real run succeed against it, the certificate trusted only
 * through NODE_EXTRA_CA_CERTS.
 */
let emulator: ChildProcess | undefined;
const out = mkdtempSync(join(tmpdir(), 'vscope-emulator-report-'));
afterAll(() => {
  if (emulator && emulator.exitCode === null) emulator.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});

/** `export A=1 B=2` lines as variables. */
function exported(lines: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('export '))) {
    for (const pair of line.slice('export '.length).split(' ')) {
      const at = pair.indexOf('=');
      vars[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return vars;
}

describe('emulator → report', () => {
  it('prints the lines that let report --dry-run and report run against it, and removes its certificate on exit', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/emulator.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emulator = child;
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.startsWith('export NODE_EXTRA_CA_CERTS=')) break;
    }
    const vars = exported(lines);
    expect(Object.keys(vars).sort()).toEqual([
      'NODE_EXTRA_CA_CERTS',
      'VSCOPE_METRICS_ENDPOINT',
      'VSCOPE_METRICS_TOKEN',
      'VSCOPE_OVH_APP_KEY',
      'VSCOPE_OVH_APP_SECRET',
      'VSCOPE_OVH_CONSUMER_KEY',
      'VSCOPE_OVH_HOST',
      'VSCOPE_OVH_PORT',
      'VSCOPE_OVH_SERVICES',
    ]);
    const caFile = vars.NODE_EXTRA_CA_CERTS ?? '';
    expect(readFileSync(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // A fixed week: the plan's points depend on its length (a DST week has an hour more or less).
    const dry = await runCli('bin/report.ts', ['--dry-run', '--week', '2026-W47'], vars);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('service pcc-192-0-2-10');
    // APIv6 lists the inventory of today, which has reporting-02 (added from 2026-11-23).
    expect(dry.stdout).toMatch(/datacenter 1842 Datacenter Paris .*: 4 hosts, 16 VMs, 3 datastores/);
    // 2,016 buckets × (16 VMs × 13 metrics + 4 hosts × (2 + 4 NIC metrics × 4 NICs) + 3 datastores).
    expect(dry.stdout).toMatch(/total: 1 service, 2 requests, 570,528 points/);

    // Without the certificate file the same run fails, and says why and what to do.
    const { NODE_EXTRA_CA_CERTS: _, ...untrusted } = vars;
    const refused = await runCli('bin/report.ts', ['--dry-run'], untrusted);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not trusted');
    expect(refused.stderr).toContain('NODE_EXTRA_CA_CERTS');

    const real = await runCli('bin/report.ts', ['--out', out, '--lang', 'fr'], vars);
    expect(real.code, real.stderr).toBe(0);
    const json = real.stdout.split('\n').find((l) => l.endsWith('report.json')) ?? '';
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      serviceName: string;
      coverage: { pct: number };
    };
    expect(report.serviceName).toBe('pcc-192-0-2-10');
    expect(report.coverage.pct).toBeGreaterThan(90);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    expect(existsSync(caFile)).toBe(false);
  }, 180_000);
});
