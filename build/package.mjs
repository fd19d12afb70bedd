#!/usr/bin/env node
/**
 * `npm run package [-- --package <dir>] [-- --stage <stage>]`: `serverless package` as CI and
 * deployments run it — no credentials, no network, telemetry off — with serverless-esbuild's
 * scratch folders (left in the system temp folder otherwise) in a folder removed afterwards.
 * Prints the size of each function's zip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--package');
const out = resolve(at >= 0 ? (args[at + 1] ?? '.serverless') : '.serverless');
const scratch = mkdtempSync(join(tmpdir(), 'vscope-package-'));
const TIMEOUT_MS = 300_000;

let status = 1;
try {
  const run = spawnSync('npx', ['serverless', 'package', ...(at >= 0 ? [] : ['--package', out]), ...args], {
    stdio: 'inherit',
    // The Serverless Framework v3 (osls included) can hang after a failed build: the time limit ends it.
    timeout: TIMEOUT_MS,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', TMPDIR: scratch },
  });
  status = run.status ?? 1;
  if (run.error) console.error(`package: ${run.error.message}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (status === 0) {
  for (const file of readdirSync(out)
    .filter((f) => f.endsWith('.zip'))
    .sort()) {
    console.log(`${file.padEnd(14)} ${(statSync(join(out, file)).size / 1024).toFixed(0).padStart(6)} KiB`);
  }
}
process.exit(status);
