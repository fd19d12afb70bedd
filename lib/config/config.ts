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
import { isServiceName, serviceNameProblem } from '../core/service-name.ts';
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

/** A service name of the form OVH issues; the message repeats the value and the expected form. */
const serviceName = z.string().refine(isServiceName, { error: (issue) => serviceNameProblem(issue.input) });

const commaList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(serviceName, {
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

const bool = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'expected true or false' }),
);

/** A JSON document in the environment (recipients, API keys); objects in the file pass as they are. */
const json = <T extends z.ZodType>(schema: T, example: string) =>
  z.preprocess((v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected JSON such as ${example}`, input: '(not shown)' });
      return z.NEVER;
    }
  }, schema);

const storageSchema = z
  .strictObject({
    /** `fs`: the folder `outputDir` (demo, command line); `s3`: a bucket on S3 or an S3-compatible provider. */
    kind: z.enum(['fs', 's3'], { error: 'expected fs or s3' }).default('fs'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: 'expected a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
      })
      .optional(),
    /** S3-compatible endpoint, e.g. https://s3.gra.io.cloud.ovh.net; AWS S3 when unset. */
    endpoint: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://s3.gra.io.cloud.ovh.net' })
      .optional(),
    /** Unset on Lambda: the SDK takes AWS_REGION. OVH: gra, sbg, de, uk, waw, bhs... */
    region: z.string().min(1).optional(),
    forcePathStyle: bool.default(false),
    checksums: z
      .enum(['when-supported', 'when-required'], { error: 'expected when-supported or when-required' })
      .default('when-supported'),
    /** False for providers that reject If-Match / If-None-Match on PUT: a read-before-write check remains. */
    conditionalHeaders: bool.default(true),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    multipartThresholdMb: int(5, 5_000).default(16),
    partSizeMb: int(5, 5_000).default(8),
  })
  .refine((s) => s.kind !== 's3' || s.bucket !== undefined, {
    error: 'required when storage.kind is s3',
    path: ['bucket'],
  });

const recipientsSchema = z.record(
  serviceName,
  z.strictObject({
    to: z
      .array(z.email({ error: 'expected an e-mail address' }))
      .min(1, { error: 'expected at least one address' }),
    cc: z.array(z.email({ error: 'expected an e-mail address' })).default([]),
    language: z.enum(['en', 'fr', 'pt'], { error: 'expected one of en, fr, pt' }).optional(),
  }),
);

const mailSchema = z.strictObject({
  /** Sender, e.g. `vScope reports <reports@example.com>`. */
  from: z.string().min(3).optional(),
  smtp: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: int(1, 65_535).default(587),
      /** `starttls` (required upgrade, port 587), `implicit` (TLS from the start, 465), `none` (loopback tests only). */
      tls: z
        .enum(['starttls', 'implicit', 'none'], { error: 'expected starttls, implicit or none' })
        .default('starttls'),
      user: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      timeoutMs: int(1_000, 300_000).default(30_000),
    })
    .default(() => ({ port: 587, tls: 'starttls' as const, timeoutMs: 30_000 })),
  /** Per service: who receives its weekly report, in which language. */
  recipients: json(recipientsSchema, '{"pcc-192-0-2-10":{"to":["ops@example.com"],"language":"fr"}}').default(
    {},
  ),
  /** PDFs above this size are linked (a presigned URL) instead of attached. */
  attachMaxKb: int(1, 40_960).default(10_240),
  /** Lifetime of such a link (SigV4 allows at most 7 days). */
  linkTtlHours: int(1, 168).default(168),
});

const apiKeySchema = z.strictObject({
  /** A name for logs; never the key. */
  id: z.string().min(1).max(64),
  /** Hex SHA-256 of the key; the key itself is never stored. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lower-case hex digits (sha256 of the key)' }),
  /** Services this key may read; `*` for all. */
  services: z.array(z.union([z.literal('*'), serviceName])).min(1),
});

const httpSchema = z.strictObject({
  apiKeys: json(
    z.array(apiKeySchema),
    '[{"id":"ops","sha256":"<64 hex>","services":["pcc-192-0-2-10"]}]',
  ).default([]),
  maxSpanDays: int(1, 366).default(31),
  /** Bodies above this size are answered with 303 to a presigned URL (Lambda responses stop at 6 MB). */
  inlineMaxKb: int(1, 4_400).default(4_096),
  linkTtlSeconds: int(60, 604_800).default(900),
  /** An artefact built less than this after its range ended is rebuilt: late samples may have arrived. */
  settleMinutes: int(0, 10_080).default(120),
});

const queueSchema = z.strictObject({
  /** SQS queue of report jobs; when set, the schedulers enqueue one job per service instead of building. */
  url: z.url({ protocol: /^https?$/, error: 'expected the queue URL' }).optional(),
  region: z.string().min(1).optional(),
  /** SQS endpoint override (a local emulator). */
  endpoint: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
});

const scheduleSchema = z.strictObject({
  /** A delivery claimed longer ago than this (a crashed run) may be taken over. Keep ≥ the worker's timeout. */
  leaseSeconds: int(60, 86_400).default(900),
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
  storage: storageSchema.default(() => storageSchema.parse({})),
  mail: mailSchema.default(() => mailSchema.parse({})),
  http: httpSchema.default(() => httpSchema.parse({})),
  queue: queueSchema.default(() => queueSchema.parse({})),
  schedule: scheduleSchema.default(() => scheduleSchema.parse({})),
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
  VSCOPE_STORAGE_KIND: ['storage', 'kind'],
  VSCOPE_S3_BUCKET: ['storage', 'bucket'],
  VSCOPE_S3_ENDPOINT: ['storage', 'endpoint'],
  VSCOPE_S3_REGION: ['storage', 'region'],
  VSCOPE_S3_FORCE_PATH_STYLE: ['storage', 'forcePathStyle'],
  VSCOPE_S3_CHECKSUMS: ['storage', 'checksums'],
  VSCOPE_S3_CONDITIONAL_HEADERS: ['storage', 'conditionalHeaders'],
  VSCOPE_S3_ACCESS_KEY_ID: ['storage', 'accessKeyId'],
  VSCOPE_S3_SECRET_ACCESS_KEY: ['storage', 'secretAccessKey'],
  VSCOPE_S3_MULTIPART_THRESHOLD_MB: ['storage', 'multipartThresholdMb'],
  VSCOPE_S3_PART_SIZE_MB: ['storage', 'partSizeMb'],
  VSCOPE_MAIL_FROM: ['mail', 'from'],
  VSCOPE_SMTP_HOST: ['mail', 'smtp', 'host'],
  VSCOPE_SMTP_PORT: ['mail', 'smtp', 'port'],
  VSCOPE_SMTP_TLS: ['mail', 'smtp', 'tls'],
  VSCOPE_SMTP_USER: ['mail', 'smtp', 'user'],
  VSCOPE_SMTP_PASSWORD: ['mail', 'smtp', 'password'],
  VSCOPE_SMTP_TIMEOUT_MS: ['mail', 'smtp', 'timeoutMs'],
  VSCOPE_MAIL_RECIPIENTS: ['mail', 'recipients'],
  VSCOPE_MAIL_ATTACH_MAX_KB: ['mail', 'attachMaxKb'],
  VSCOPE_MAIL_LINK_TTL_HOURS: ['mail', 'linkTtlHours'],
  VSCOPE_HTTP_API_KEYS: ['http', 'apiKeys'],
  VSCOPE_HTTP_MAX_SPAN_DAYS: ['http', 'maxSpanDays'],
  VSCOPE_HTTP_INLINE_MAX_KB: ['http', 'inlineMaxKb'],
  VSCOPE_HTTP_LINK_TTL_SECONDS: ['http', 'linkTtlSeconds'],
  VSCOPE_HTTP_SETTLE_MINUTES: ['http', 'settleMinutes'],
  VSCOPE_QUEUE_URL: ['queue', 'url'],
  VSCOPE_QUEUE_REGION: ['queue', 'region'],
  VSCOPE_QUEUE_ENDPOINT: ['queue', 'endpoint'],
  VSCOPE_SCHEDULE_LEASE_SECONDS: ['schedule', 'leaseSeconds'],
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
  // A record key that fails its schema (a recipients entry not named as a service) says why.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  if (source) return `${key} (from ${source}): ${message}`;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${key}.` : '';
    return `${issue.keys.map((k) => `${where}${k}`).join(', ')}: unknown key`;
  }
  return `${key}: ${message}`;
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
