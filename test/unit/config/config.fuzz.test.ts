/**
 * Fuzzing the configuration loader: random VSCOPE_* environments with random string values,
 * and random JSON files named by VSCOPE_CONFIG_FILE (random shapes, and the shipped example
 * with random values put into it). Whatever it is given, it returns a configuration or throws
 * ConfigError naming a key.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../../../lib/config/config.ts';
import { ConfigError } from '../../../lib/core/errors.ts';

const RUNS = 10_000;
const folder = mkdtempSync(join(tmpdir(), 'vscope-config-fuzz-'));
const file = join(folder, 'config.json');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const example = JSON.parse(
  readFileSync(new URL('../../../config.example.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Loads, and checks what comes out; an exception other than ConfigError fails the test. */
function check(env: Record<string, string | undefined>): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(typeof error.context.key).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  expect(typeof config.timeZone).toBe('string');
  expect(['en', 'fr', 'pt']).toContain(config.language);
  expect(Number.isInteger(config.metrics.concurrency) && config.metrics.concurrency > 0).toBe(true);
  expect(Array.isArray(config.http.apiKeys)).toBe(true);
}

const names = Object.keys(ENV_KEYS);
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '0', '-1', '1e3', '20', 'true', 'false', 'null', '[]', '{}', 'NaN', 'Infinity', ' 8 '),
  fc.json({ maxDepth: 3 }),
);
const variable = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...names) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((s) => `VSCOPE_${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('PATH', 'HOME', 'AWS_REGION') },
);

/** A JSON document in the file: random JSON, or the example with a few values replaced. */
const fileText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 40 }),
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...Object.values(ENV_KEYS)), fc.jsonValue({ maxDepth: 2 })), {
        maxLength: 4,
      }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    )
    .map(([edits, extra]) => {
      const document = structuredClone(example);
      for (const [path, v] of edits) {
        let node = document;
        for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
        node[path[path.length - 1] as string] = v;
      }
      return JSON.stringify({ ...document, ...extra });
    }),
);

describe('loadConfig under fuzzing', () => {
  it('loads random VSCOPE_* environments or throws ConfigError', () => {
    fc.assert(
      fc.property(fc.dictionary(variable, value, { maxKeys: 6 }), (env) => check(env)),
      { numRuns: RUNS, seed: 20261123 },
    );
  });

  it('loads random configuration files, with random variables over them, or throws ConfigError', () => {
    fc.assert(
      fc.property(fileText, fc.dictionary(variable, value, { maxKeys: 3 }), (text, env) => {
        writeFileSync(file, text);
        check({ ...env, VSCOPE_CONFIG_FILE: file });
      }),
      { numRuns: RUNS, seed: 20261124 },
    );
  });

  it('refuses files nested deeper than the stack, and keys named __proto__, with ConfigError', () => {
    const opener = fc.constantFrom('{"a":', '{"metrics":', '{"__proto__":', '[', '{"mail":{"recipients":');
    fc.assert(
      fc.property(opener, fc.integer({ min: 1, max: 200_000 }), (open, depth) => {
        const close = open.startsWith('[') ? ']' : '}'.repeat(open.split('{').length - 1);
        writeFileSync(file, `${open.repeat(depth)}1${close.repeat(depth)}`);
        check({ VSCOPE_CONFIG_FILE: file });
      }),
      { numRuns: 200, seed: 20261125 },
    );
    writeFileSync(file, '{"__proto__":{"timeZone":"UTC"}}');
    expect(() => loadConfig({ VSCOPE_CONFIG_FILE: file })).toThrow(/__proto__: unknown key/);
  });

  it('loads the shipped example as it is', () => {
    writeFileSync(file, JSON.stringify(example));
    expect(loadConfig({ VSCOPE_CONFIG_FILE: file }).timeZone).toBe('Europe/Paris');
  });
});
