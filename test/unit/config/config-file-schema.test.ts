import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../../../lib/config/config.ts';
import {
  CONFIG_EXAMPLE_FILE,
  CONFIG_SCHEMA_FILE,
  configExample,
  configJsonSchema,
} from '../../../lib/config/config-file-schema.ts';
import { ConfigError } from '../../../lib/core/errors.ts';
import { jsonSchemaValidator } from '../../support/json-schema.ts';

type Json = Record<string, unknown>;

const shippedSchema = JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as Json;
const shippedExample = JSON.parse(readFileSync(CONFIG_EXAMPLE_FILE, 'utf8')) as Json;
const validate = jsonSchemaValidator(shippedSchema);

/** Every key the schema describes, with its path and its JSON Schema. */
function keysOf(node: Json, path: readonly string[] = []): Array<[string, Json]> {
  const found: Array<[string, Json]> = [];
  const properties = (node.properties ?? {}) as Record<string, Json>;
  for (const [key, child] of Object.entries(properties)) {
    const childPath = [...path, key];
    found.push([childPath.join('.'), child]);
    found.push(...keysOf(child, childPath));
  }
  for (const nested of [node.additionalProperties, node.items]) {
    if (typeof nested === 'object' && nested !== null) found.push(...keysOf(nested as Json, [...path, '*']));
  }
  return found;
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], root);
}

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vscope-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('configuration file schema and example', () => {
  it('ship as generated from the configuration schema (run `npm run schema` after changing it)', () => {
    expect(shippedSchema).toEqual(configJsonSchema());
    expect(shippedExample).toEqual(configExample());
    expect(shippedSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(shippedExample.$schema).toBe('./schemas/config.schema.json');
  });

  it('describes every key, and names the environment variable of each key one sets', () => {
    const keys = keysOf(shippedSchema);
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter(([, s]) => typeof s.description !== 'string' || s.description === '')).toEqual([]);
    for (const [name, path] of Object.entries(ENV_KEYS)) {
      const described = keys.find(([key]) => key === path.join('.'));
      expect(described?.[1].description, path.join('.')).toContain(`Environment variable: ${name}.`);
    }
  });

  it('gives the example every key, with its default or null (unset), and so no secret', () => {
    // Leaves only: a section's own default leaves out its keys without one, which the example lists as null.
    const withDefault = keysOf(shippedSchema).filter(
      ([key, s]) => 'default' in s && !key.includes('*') && !('properties' in s),
    );
    expect(withDefault.map(([key]) => key)).toContain('findings.datastoreRunway.linesPct');
    for (const [key, s] of withDefault) expect(valueAt(shippedExample, key), key).toEqual(s.default);
    for (const key of ['metrics.token', 'ovh.appSecret', 'storage.secretAccessKey', 'mail.smtp.password']) {
      expect(valueAt(shippedExample, key), key).toBeNull();
    }
    const leaves = keysOf(shippedSchema).filter(([key, s]) => !key.includes('*') && !('properties' in s));
    for (const [key] of leaves) expect(valueAt(shippedExample, key), key).not.toBeUndefined();
  });

  it('validates the example, and rejects a file with an unknown key or a value of the wrong type', () => {
    expect(validate(shippedExample)).toEqual([]);
    expect(validate({ ...shippedExample, metrics: { tokne: 'x' } })).not.toEqual([]);
    expect(validate({ ...shippedExample, storage: { kind: 'gcs' } })).not.toEqual([]);
    expect(validate({ findings: { idle: { enabled: 'yes' } } })).not.toEqual([]);
  });

  it('loads the example through the loader as the defaults', () => {
    const loaded = loadConfig({ VSCOPE_CONFIG_FILE: fileURLToPath(CONFIG_EXAMPLE_FILE) });
    expect(loaded).toEqual(loadConfig({}));
    expect(loaded).not.toHaveProperty('$schema');
  });
});

describe('the $schema key of the configuration file', () => {
  it('is ignored at the top level, whatever schema it names', () => {
    const file = configFile({ $schema: 'https://example.net/other.json', timeZone: 'UTC' });
    expect(loadConfig({ VSCOPE_CONFIG_FILE: file })).toEqual({ ...loadConfig({}), timeZone: 'UTC' });
  });

  it('is rejected when it is not a path or URL', () => {
    const file = configFile({ $schema: 3 });
    expect(() => loadConfig({ VSCOPE_CONFIG_FILE: file })).toThrow(ConfigError);
    expect(() => loadConfig({ VSCOPE_CONFIG_FILE: file })).toThrow(/\$schema: expected the path or URL/);
  });

  it('is an unknown key below the top level', () => {
    const file = configFile({ metrics: { $schema: './schemas/config.schema.json' } });
    expect(() => loadConfig({ VSCOPE_CONFIG_FILE: file })).toThrow('metrics.$schema: unknown key');
  });
});
