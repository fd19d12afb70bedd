import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule: the pure core and the pure stages import nothing but each other and
 * a short list of computation-only libraries. No AWS SDK, undici, pdfkit, vega, ovh, nor any
 * node: module that does I/O.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
const PURE_DIRS = ['lib/core', 'lib/aggregate', 'lib/findings', 'demo/datacenter'];
const ALLOWED_PACKAGES = new Set(['luxon', 'zod']);

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? '');
}

function isPure(file: string, spec: string): boolean {
  if (spec.startsWith('.')) {
    const target = relative(ROOT, join(file, '..', spec));
    return PURE_DIRS.some((d) => target.startsWith(`${d}/`));
  }
  return ALLOWED_PACKAGES.has(spec);
}

describe('dependency rule', () => {
  it('keeps the pure core free of I/O imports', () => {
    const offending: string[] = [];
    for (const dir of PURE_DIRS) {
      for (const file of tsFiles(dir)) {
        for (const spec of importsOf(file)) {
          if (!isPure(file, spec)) offending.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('detects a forbidden import', () => {
    const file = join(ROOT, 'lib/core/example.ts');
    expect(isPure(file, 'undici')).toBe(false);
    expect(isPure(file, 'node:fs')).toBe(false);
    expect(isPure(file, '../fetch/opentsdb-client.ts')).toBe(false);
    expect(isPure(file, './catalogue.ts')).toBe(true);
    expect(importsOf(join(ROOT, 'lib/aggregate/build-aggregates.ts'))).toContain('../core/catalogue.ts');
  });
});
