/**
 * Cold start of the deployable functions: packages them as a deployment does (`npm run package`),
 * then for each function's zip reports its size and the time a fresh Node process takes to
 * import its handler. (That the HTTP function's JSON path loads neither pdfkit nor vega is a
 * test: test/integration/functions/json-path.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ColdStart {
  readonly function: string;
  readonly zip_kb: number;
  readonly import_ms: number | null;
}

/** What importing a bundle costs: run in a child so each import is cold. */
const PROBE = `
const t0 = performance.now();
const mod = await import(process.argv[1]);
const ms = performance.now() - t0;
if (typeof mod.handler !== 'function') throw new Error('no handler export');
console.log(JSON.stringify({ ms }));
`;

function importMs(entry: string, dir: string): number | null {
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, entry], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, VSCOPE_OUTPUT_DIR: tmpdir(), AWS_REGION: 'eu-west-3' },
    timeout: 60_000,
  });
  if (res.status !== 0) return null;
  try {
    return (JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as { ms: number }).ms;
  } catch {
    return null;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Packages the service and measures each function; null when packaging is not possible here. */
export function measureColdStart(): ColdStart[] | null {
  const out = mkdtempSync(join(tmpdir(), 'vscope-bench-package-'));
  const pack = spawnSync(process.execPath, ['build/package.mjs', '--package', out], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (pack.status !== 0) return null;
  const results: ColdStart[] = [];
  for (const zip of readdirSync(out).filter((f) => f.endsWith('.zip'))) {
    const name = zip.replace(/\.zip$/, '');
    const dir = mkdtempSync(join(tmpdir(), `vscope-bench-${name}-`));
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', join(out, zip), dir], { encoding: 'utf8' });
    const files = unzip.status === 0 ? listFiles(dir) : [];
    const entry = files.find((f) => /functions\/[^/]+\.(m?js)$/.test(f) && f.includes(`/${name}.`));
    results.push({
      function: name,
      zip_kb: Math.round(statSync(join(out, zip)).size / 1024),
      import_ms: entry ? importMs(entry, dir) : null,
    });
  }
  return results;
}
