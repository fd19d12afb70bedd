/**
 * Configuration, parsed once, strictly: defaults < optional JSON file (VSCOPE_CONFIG_FILE) <
 * environment variables. Unknown keys and unknown VSCOPE_* variables are rejected with the key's
 * name and the expected form, so a bad deploy fails at cold start. This module alone reads
 * process.env (its callers pass it in).
 */
import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { findingsConfigSchema } from '../findings/config.ts';

const int = (min: number, max: number) => {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const metricsSchema = z.strictObject({
  endpoint: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL such as https://opentsdb.gra1-ovh.metrics.ovh.net',
    })
    .optional(),
  token: z.string().min(1).optional(),
  user: z.string().min(1).default('read'),
  maxSubQueriesPerRequest: int(1, 500).default(20),
  maxPointsPerSeries: int(100, 1_000_000).default(10_080),
  concurrency: int(1, 64).default(4),
  attemptTimeoutMs: int(100, 900_000).default(30_000),
  maxRetries: int(0, 10).default(3),
  /** `end` for OVH's Warp 10 proxy, which stamps a bucket at its end; `start` for stock OpenTSDB. */
  bucketStamp: z.enum(['start', 'end'], { error: 'expected start or end' }).default('start'),
});

const commaList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().min(1), {
    error: 'expected a list of service names (comma-separated in the environment)',
  }),
);

const ovhSchema = z.strictObject({
  /** Named API region of the official client; `host` overrides it (tests, the demo). */
  endpoint: z
    .enum(['ovh-eu', 'ovh-ca', 'ovh-us'], { error: 'expected one of ovh-eu, ovh-ca, ovh-us' })
    .default('ovh-eu'),
  host: z.string().min(1).optional(),
  port: int(1, 65_535).optional(),
  appKey: z.string().min(1).optional(),
  appSecret: z.string().min(1).optional(),
  consumerKey: z.string().min(1).optional(),
  /** Services to report on; empty means every service the credentials can see. */
  services: commaList.default([]),
  /** APIv6 user whose metrics token is requested when metrics.token is not set. */
  metricsUserId: int(1, Number.MAX_SAFE_INTEGER).optional(),
  concurrency: int(1, 32).default(8),
  timeoutMs: int(100, 300_000).default(20_000),
});

const tagsSchema = z.strictObject({
  datacenter: z
    .string()
    .includes('{datacenterId}', {
      error: "expected a template containing {datacenterId}, e.g. '{serviceName}_datacenter{datacenterId}'",
    })
    .default('{serviceName}_datacenter{datacenterId}'),
  host: z.enum(['name', 'hostId'], { error: 'expected name or hostId' }).default('name'),
  vm: z.enum(['moRef', 'name', 'vmId'], { error: 'expected moRef, name or vmId' }).default('moRef'),
  datastore: z.enum(['name', 'filerId'], { error: 'expected name or filerId' }).default('name'),
});

export const configSchema = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), {
      message: "expected an IANA time zone such as 'Europe/Paris'",
    })
    .default('Europe/Paris'),
  language: z.enum(['en', 'fr', 'pt'], { error: 'expected one of en, fr, pt' }).default('en'),
  outputDir: z.string().min(1).default('.'),
  metrics: metricsSchema.default(() => metricsSchema.parse({})),
  ovh: ovhSchema.default(() => ovhSchema.parse({})),
  tags: tagsSchema.default(() => tagsSchema.parse({})),
  /** Thresholds of the findings rules (file only; see lib/findings/config.ts). */
  findings: findingsConfigSchema.default(() => findingsConfigSchema.parse({})),
});

export type Config = z.infer<typeof configSchema>;

/** Environment variables and the configuration key each one sets. */
export const ENV_KEYS = {
  VSCOPE_TIME_ZONE: ['timeZone'],
  VSCOPE_LANGUAGE: ['language'],
  VSCOPE_OUTPUT_DIR: ['outputDir'],
  VSCOPE_METRICS_ENDPOINT: ['metrics', 'endpoint'],
  VSCOPE_METRICS_TOKEN: ['metrics', 'token'],
  VSCOPE_METRICS_USER: ['metrics', 'user'],
  VSCOPE_METRICS_MAX_SUBQUERIES: ['metrics', 'maxSubQueriesPerRequest'],
  VSCOPE_METRICS_MAX_POINTS: ['metrics', 'maxPointsPerSeries'],
  VSCOPE_METRICS_CONCURRENCY: ['metrics', 'concurrency'],
  VSCOPE_METRICS_TIMEOUT_MS: ['metrics', 'attemptTimeoutMs'],
  VSCOPE_METRICS_MAX_RETRIES: ['metrics', 'maxRetries'],
  VSCOPE_METRICS_BUCKET_STAMP: ['metrics', 'bucketStamp'],
  VSCOPE_OVH_ENDPOINT: ['ovh', 'endpoint'],
  VSCOPE_OVH_HOST: ['ovh', 'host'],
  VSCOPE_OVH_PORT: ['ovh', 'port'],
  VSCOPE_OVH_APP_KEY: ['ovh', 'appKey'],
  VSCOPE_OVH_APP_SECRET: ['ovh', 'appSecret'],
  VSCOPE_OVH_CONSUMER_KEY: ['ovh', 'consumerKey'],
  VSCOPE_OVH_SERVICES: ['ovh', 'services'],
  VSCOPE_OVH_METRICS_USER_ID: ['ovh', 'metricsUserId'],
  VSCOPE_OVH_CONCURRENCY: ['ovh', 'concurrency'],
  VSCOPE_OVH_TIMEOUT_MS: ['ovh', 'timeoutMs'],
  VSCOPE_TAG_DATACENTER: ['tags', 'datacenter'],
  VSCOPE_TAG_HOST: ['tags', 'host'],
  VSCOPE_TAG_VM: ['tags', 'vm'],
  VSCOPE_TAG_DATASTORE: ['tags', 'datastore'],
} as const satisfies Record<string, readonly string[]>;

const CONFIG_FILE_VAR = 'VSCOPE_CONFIG_FILE';

function setPath(target: Record<string, unknown>, path: readonly string[], value: string): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const child = node[part];
    node[part] = typeof child === 'object' && child !== null ? child : {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function readFileConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`${CONFIG_FILE_VAR}: cannot read '${path}'; expected the path of a JSON file.`, {
      key: CONFIG_FILE_VAR,
    });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ConfigError(`${CONFIG_FILE_VAR}: '${path}' is not a JSON object.`, { key: CONFIG_FILE_VAR });
  }
}

function describeIssue(issue: z.core.$ZodIssue, fromEnv: ReadonlyMap<string, string>): string {
  const key = issue.path.join('.') || '(root)';
  const source = fromEnv.get(key);
  if (source) return `${key} (from ${source}): ${issue.message}`;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${key}.` : '';
    return `${issue.keys.map((k) => `${where}${k}`).join(', ')}: unknown key`;
  }
  return `${key}: ${issue.message}`;
}

/** Parses the configuration from environment variables and the optional file they name. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const unknown = Object.keys(env).filter(
    (k) => k.startsWith('VSCOPE_') && k !== CONFIG_FILE_VAR && !(k in ENV_KEYS),
  );
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown environment variable ${unknown.join(', ')}; expected one of ${[CONFIG_FILE_VAR, ...Object.keys(ENV_KEYS)].join(', ')}.`,
      { key: unknown[0] ?? '' },
    );
  }
  const file = env[CONFIG_FILE_VAR];
  const raw: Record<string, unknown> = file ? readFileConfig(file) : {};
  const fromEnv = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, path, value);
    fromEnv.set(path.join('.'), name);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const details = result.error.issues.map((issue) => describeIssue(issue, fromEnv)).join('; ');
    throw new ConfigError(`Invalid configuration: ${details}.`, { key: first?.path.join('.') ?? '' });
  }
  return result.data;
}
