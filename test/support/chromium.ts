import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/**
 * The browser the end-to-end tests and the docs pictures use: the headless Chromium that
 * `@sparticuz/chromium` ships inside its npm package, so that `npm ci && npm test` needs no apt
 * package. `VSCOPE_CHROMIUM=/usr/bin/chromium` (or any Chromium binary) uses that one instead.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE_JSON = join(
  dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))),
  '../../package.json',
);
const VERSION = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
/** One extracted browser per package version; `npm ci` empties node_modules and so this cache. */
const CACHE = join(ROOT, 'node_modules/.cache/vscope-chromium');

/** Our flags, headless on a server; `--disable-gpu` only for a system browser (see below). */
const FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The package's flags for Lambda that are left out: `--single-process` (which Lambda's sandbox
 * needs) ends the browser when Playwright closes a page's context, and the other two would make
 * the browser laxer than a reader's. Its GPU flags (SwiftShader in process) replace our
 * `--disable-gpu`.
 */
const LEFT_OUT = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

/**
 * Extracts the packaged browser once into node_modules/.cache. The package always extracts into
 * the temporary folder (`os.tmpdir()`, read on each call), where a half-written binary from a
 * concurrent run, or one of another version, would be taken as ready: here it extracts into a
 * private staging folder that is renamed into place whole. The package adds its copies of NSS and
 * expat (built for Amazon Linux 2023) only when it believes it runs there, so it is told so for
 * the extraction: with them the browser needs nothing from the system but libc and libgcc.
 */
async function extracted(): Promise<string> {
  const target = join(CACHE, VERSION);
  if (existsSync(join(target, 'chromium'))) return target;
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(join(CACHE, `${VERSION}.partial-`));
  const saved = { TMPDIR: process.env.TMPDIR, AWS_LAMBDA_JS_RUNTIME: process.env.AWS_LAMBDA_JS_RUNTIME };
  try {
    process.env.TMPDIR = staging;
    process.env.AWS_LAMBDA_JS_RUNTIME = 'nodejs20.x';
    const binary = await sparticuz.executablePath();
    if (binary !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium extracted to ${binary}`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
  // The browser sees the report's own fonts (DejaVu Sans) and the package's, never the system's.
  writeFileSync(
    join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <dir>${join(ROOT, 'templates/fonts')}</dir>\n  <dir>${join(target, 'fonts')}</dir>\n` +
      `  <cachedir>${join(target, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another run renamed its copy into place first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'chromium'))) throw error;
  }
  return target;
}

/** The environment of the browser process, with `extra` set. */
function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** Which browser {@link launchChromium} starts: the binary, and whether it came from npm. */
export async function chromiumBinary(): Promise<{ path: string; fromNpm: boolean }> {
  const override = process.env.VSCOPE_CHROMIUM;
  if (override) return { path: override, fromNpm: false };
  return { path: join(await extracted(), 'chromium'), fromNpm: true };
}

/** Launches headless Chromium: the npm one, or the binary `VSCOPE_CHROMIUM` names. */
export async function launchChromium(): Promise<Browser> {
  const binary = await chromiumBinary();
  if (!binary.fromNpm) {
    if (!existsSync(binary.path)) {
      throw new Error(
        `VSCOPE_CHROMIUM names ${binary.path}, which does not exist: unset it to use the npm browser.`,
      );
    }
    return chromium.launch({ executablePath: binary.path, args: [...FLAGS, '--disable-gpu'] });
  }
  const dir = dirname(binary.path);
  const args = sparticuz.args.filter((flag) => !LEFT_OUT.has(flag));
  return chromium.launch({
    executablePath: binary.path,
    args: [...args, ...FLAGS.filter((flag) => !args.includes(flag))],
    env: environment({ LD_LIBRARY_PATH: join(dir, 'al2023/lib'), FONTCONFIG_FILE: join(dir, 'fonts.conf') }),
  });
}
