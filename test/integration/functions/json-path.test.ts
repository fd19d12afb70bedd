import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The HTTP function's JSON path loads neither pdfkit nor vega: a fresh Node process records
 * every module it resolves while the function answers a JSON request, then a PDF request (which
 * must load them, or this test could not tell).
 */
const here = new URL('.', import.meta.url).pathname;
const RENDERERS = /\/node_modules\/(pdfkit|vega|vega-lite|svg-to-pdfkit)\//;

describe('JSON path of the HTTP function', () => {
  it('answers without loading the renderers, which the PDF path then loads', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vscope-imports-')), 'imports.txt');
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', join(here, 'record-imports.mjs'), join(here, 'json-path.child.ts')],
      { env: { ...process.env, TEST_IMPORTS_FILE: file, TZ: 'UTC' }, timeout: 120_000 },
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    const jsonEnd = lines.findIndex((l) => l.startsWith('--- json'));
    const pdfEnd = lines.findIndex((l) => l.startsWith('--- pdf'));
    expect(lines[jsonEnd]).toBe('--- json answered 200');
    expect(lines[pdfEnd]).toBe('--- pdf answered 200');
    expect(lines.slice(0, jsonEnd).filter((l) => RENDERERS.test(l))).toEqual([]);
    expect(lines.slice(jsonEnd, pdfEnd).some((l) => /\/node_modules\/pdfkit\//.test(l))).toBe(true);
    expect(lines.slice(jsonEnd, pdfEnd).some((l) => /\/node_modules\/vega\//.test(l))).toBe(true);
  });
});
