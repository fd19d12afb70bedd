/**
 * The configuration file's JSON Schema and example, both derived from `configSchema`:
 * `npm run schema` writes them to schemas/config.schema.json and config.example.json, and tests
 * check that the shipped files are what this module produces, so neither drifts from the loader.
 *
 * The schema describes the file (zod's input side: every key optional), with each key's
 * description, its environment variable and its default. The example holds every key: those with
 * a default have it, those without one (endpoints, credentials, the bucket, the relay) are `null`,
 * which the loader takes as unset — so the example never holds a secret.
 */
import { z } from 'zod';
import { CONFIG_SCHEMA_KEY, configSchema, ENV_KEYS } from './config.ts';

/** Where the JSON Schema ships. */
export const CONFIG_SCHEMA_FILE = new URL('../../schemas/config.schema.json', import.meta.url);

/** Where the example ships, beside package.json. */
export const CONFIG_EXAMPLE_FILE = new URL('../../config.example.json', import.meta.url);

/** The example's `$schema`, relative to the example itself so editors find the schema in a checkout. */
export const CONFIG_EXAMPLE_SCHEMA_REF = './schemas/config.schema.json';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The configuration every key of which has its default: what the loader gives for an empty file. */
export function configDefaults(): JsonObject {
  return configSchema.parse({}) as JsonObject;
}

const ENV_BY_KEY = new Map(Object.entries(ENV_KEYS).map(([name, path]) => [path.join('.'), name]));

/**
 * Adds, below `node`, each key's environment variable to its description and each key's default
 * (zod leaves out defaults behind a preprocessing step, such as comma-separated lists).
 */
function annotate(node: JsonObject, defaults: unknown, path: readonly string[]): void {
  const properties = node.properties;
  if (!isObject(properties)) return;
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child)) continue;
    const childPath = [...path, key];
    const env = ENV_BY_KEY.get(childPath.join('.'));
    if (env) child.description = `${String(child.description ?? '')} Environment variable: ${env}.`.trim();
    const value = isObject(defaults) ? defaults[key] : undefined;
    if (value !== undefined) child.default = value;
    else if (!isObject(child.properties)) allowNull(child);
    annotate(child, value, childPath);
  }
}

/** Lets a key without a default be `null` (unset) in the file, as the example writes it. */
function allowNull(node: JsonObject): void {
  if (typeof node.type === 'string') node.type = [node.type, 'null'];
  if (Array.isArray(node.enum)) node.enum = [...node.enum, null];
  if (Array.isArray(node.anyOf)) node.anyOf = [...node.anyOf, { type: 'null' }];
}

/** The example's value of every key below `schema`: its default, or null for a key without one. */
function exampleOf(schema: JsonObject): JsonObject {
  const example: JsonObject = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child) || key === CONFIG_SCHEMA_KEY) continue;
    if (isObject(child.properties)) example[key] = exampleOf(child);
    else example[key] = 'default' in child ? child.default : null;
  }
  return example;
}

/** The configuration file's JSON Schema (draft-07, what editors read). */
export function configJsonSchema(): JsonObject {
  const schema = z.toJSONSchema(configSchema, { target: 'draft-07', io: 'input' }) as JsonObject;
  annotate(schema, configDefaults(), []);
  const { $schema, properties, ...rest } = schema;
  return {
    $schema,
    title: 'vscope-reports configuration file (VSCOPE_CONFIG_FILE)',
    description:
      'Read once at start: defaults, then this file, then VSCOPE_* environment variables. Unknown keys are rejected.',
    ...rest,
    properties: {
      [CONFIG_SCHEMA_KEY]: {
        type: 'string',
        description: 'The JSON Schema editors validate this file against; the loader ignores it.',
      },
      ...(properties as JsonObject),
    },
  };
}

/** config.example.json: the schema reference, then every key with its default, or null (unset). */
export function configExample(): JsonObject {
  return { [CONFIG_SCHEMA_KEY]: CONFIG_EXAMPLE_SCHEMA_REF, ...exampleOf(configJsonSchema()) };
}
