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
    .optional()
    .describe(
      'OpenTSDB base URL, e.g. https://opentsdb.gra1-ovh.metrics.ovh.net. With metrics.token set, used as is; otherwise both come from APIv6 (ovh.metricsUserId).',
    ),
  token: z
    .string()
    .min(1)
    .optional()
    .describe('Read token, sent as basic auth `<user>:<token>`. Never logged.'),
  user: z.string().min(1).default('read').describe('Basic-auth user name sent with the token.'),
  maxSubQueriesPerRequest: int(1, 500).default(20).describe('OpenTSDB sub-queries per HTTP request.'),
  maxPointsPerSeries: int(100, 1_000_000)
    .default(10_080)
    .describe('Point cap per series: a longer period gets wider buckets (whole minutes).'),
  concurrency: int(1, 64)
    .default(4)
    .describe('Connections to the metrics endpoint (twice as many requests under way).'),
  attemptTimeoutMs: int(100, 900_000).default(30_000).describe('Time limit of one HTTP attempt, ms.'),
  maxRetries: int(0, 10).default(3).describe('Retries on 408, 429, 5xx and connection errors.'),
  bucketStamp: z
    .enum(['start', 'end'], { error: 'expected start or end' })
    .default('start')
    .describe("`end` for OVH's Warp 10 proxy, which stamps a bucket at its end; `start` for stock OpenTSDB."),
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
  endpoint: z
    .enum(['ovh-eu', 'ovh-ca', 'ovh-us'], { error: 'expected one of ovh-eu, ovh-ca, ovh-us' })
    .default('ovh-eu')
    .describe('APIv6 region of the official client; ovh.host overrides it.'),
  host: z
    .string()
    .min(1)
    .optional()
    .describe('Explicit APIv6 host (tests, the demo); overrides ovh.endpoint.'),
  port: int(1, 65_535).optional().describe('Port of ovh.host.'),
  appKey: z.string().min(1).optional().describe('APIv6 application key.'),
  appSecret: z.string().min(1).optional().describe('APIv6 application secret. Never logged.'),
  consumerKey: z.string().min(1).optional().describe('APIv6 consumer key. Never logged.'),
  services: commaList
    .default([])
    .describe(
      'Services to report on (comma-separated in the environment); empty: every service the credentials can see.',
    ),
  metricsUserId: int(1, Number.MAX_SAFE_INTEGER)
    .optional()
    .describe(
      'APIv6 user whose metrics token is requested when metrics.endpoint and metrics.token are not both set.',
    ),
  concurrency: int(1, 32).default(8).describe('APIv6 calls in flight.'),
  timeoutMs: int(100, 300_000).default(20_000).describe('Time limit of one APIv6 call, ms.'),
});

const tagsSchema = z.strictObject({
  datacenter: z
    .string()
    .includes('{datacenterId}', {
      error: "expected a template containing {datacenterId}, e.g. '{serviceName}_datacenter{datacenterId}'",
    })
    .default('{serviceName}_datacenter{datacenterId}')
    .describe(
      'Template of the OpenTSDB `datacenter` tag, from {serviceName}, {datacenterId} and {name} (the datacenter name).',
    ),
  host: z
    .enum(['name', 'hostId'], { error: 'expected name or hostId' })
    .default('name')
    .describe('The `host` tag holds the APIv6 Host `name` (its IP) or `hostId`.'),
  vm: z
    .enum(['moRef', 'name', 'vmId'], { error: 'expected moRef, name or vmId' })
    .default('moRef')
    .describe('The `vm` tag holds the APIv6 Vm `moRef` (e.g. vm-01254), `name` or `vmId`.'),
  datastore: z
    .enum(['name', 'filerId'], { error: 'expected name or filerId' })
    .default('name')
    .describe('The `datastore` tag holds the APIv6 Filer `name` or `filerId`.'),
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
    kind: z
      .enum(['fs', 's3'], { error: 'expected fs or s3' })
      .default('fs')
      .describe(
        '`fs`: the folder outputDir (demo, command line); `s3`: a bucket on S3 or an S3-compatible provider.',
      ),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: 'expected a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens',
      })
      .optional()
      .describe('Bucket name; required when storage.kind is s3.'),
    endpoint: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://s3.gra.io.cloud.ovh.net' })
      .optional()
      .describe('S3-compatible endpoint, e.g. https://s3.gra.io.cloud.ovh.net; AWS S3 when unset.'),
    region: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Signing region; unset on Lambda (the SDK takes AWS_REGION). OVH: gra, sbg, de, uk, waw, bhs...',
      ),
    forcePathStyle: bool
      .default(false)
      .describe('true for hosts without virtual-hosted buckets (local servers, some providers).'),
    checksums: z
      .enum(['when-supported', 'when-required'], { error: 'expected when-supported or when-required' })
      .default('when-supported')
      .describe(
        "`when-required` for providers that do not implement the AWS SDK's default flexible checksums.",
      ),
    conditionalHeaders: bool
      .default(true)
      .describe(
        'false for providers that reject If-Match / If-None-Match on PUT: a read-before-write check remains.',
      ),
    accessKeyId: z
      .string()
      .min(1)
      .optional()
      .describe("Static access key (OVH Object Storage); unset: the SDK's default chain (the Lambda role)."),
    secretAccessKey: z.string().min(1).optional().describe('Secret of storage.accessKeyId. Never logged.'),
    multipartThresholdMb: int(5, 5_000)
      .default(16)
      .describe('Bodies this large (MB) or larger are uploaded in parts.'),
    partSizeMb: int(5, 5_000).default(8).describe('Part size of multipart uploads, MB.'),
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
      .min(1, { error: 'expected at least one address' })
      .describe('Addresses the weekly report is sent to.'),
    cc: z
      .array(z.email({ error: 'expected an e-mail address' }))
      .default([])
      .describe('Addresses in copy.'),
    language: z
      .enum(['en', 'fr', 'pt'], { error: 'expected one of en, fr, pt' })
      .optional()
      .describe("Language of this service's report and mail; the top-level language when unset."),
  }),
);

const mailSchema = z.strictObject({
  from: z.string().min(3).optional().describe('Sender, e.g. `vScope reports <reports@example.com>`.'),
  smtp: z
    .strictObject({
      host: z
        .string()
        .min(1)
        .optional()
        .describe('SMTP relay, e.g. email-smtp.eu-west-3.amazonaws.com (Amazon SES).'),
      port: int(1, 65_535).default(587).describe('SMTP port: 587 with starttls, 465 with implicit.'),
      tls: z
        .enum(['starttls', 'implicit', 'none'], { error: 'expected starttls, implicit or none' })
        .default('starttls')
        .describe(
          '`starttls` (upgrade required, port 587), `implicit` (TLS from the first byte, port 465), `none` (loopback tests only).',
        ),
      user: z.string().min(1).optional().describe('SMTP AUTH user name.'),
      password: z.string().min(1).optional().describe('SMTP AUTH password. Never logged.'),
      timeoutMs: int(1_000, 300_000)
        .default(30_000)
        .describe('Connection, greeting and socket time limit, ms.'),
    })
    .default(() => ({ port: 587, tls: 'starttls' as const, timeoutMs: 30_000 }))
    .describe('The SMTP relay the weekly mail goes through.'),
  recipients: json(recipientsSchema, '{"pcc-192-0-2-10":{"to":["ops@example.com"],"language":"fr"}}')
    .default({})
    .describe(
      'Per service: who receives its weekly report, in which language (JSON in the environment), e.g. {"pcc-192-0-2-10":{"to":["ops@example.com"],"language":"fr"}}.',
    ),
  attachMaxKb: int(1, 40_960)
    .default(10_240)
    .describe('PDFs above this size (KB) are linked with a presigned URL instead of attached.'),
  linkTtlHours: int(1, 168)
    .default(168)
    .describe('Lifetime of such a link, hours (SigV4 allows at most 7 days).'),
});

const apiKeySchema = z.strictObject({
  id: z.string().min(1).max(64).describe('A name for logs; never the key.'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lower-case hex digits (sha256 of the key)' })
    .describe('Hex SHA-256 of the key; the key itself is never stored.'),
  services: z
    .array(z.union([z.literal('*'), serviceName]))
    .min(1)
    .describe('Services this key may read; `*` for all.'),
});

const httpSchema = z.strictObject({
  apiKeys: json(z.array(apiKeySchema), '[{"id":"ops","sha256":"<64 hex>","services":["pcc-192-0-2-10"]}]')
    .default([])
    .describe('Keys of GET /v1/reports, as SHA-256 hashes (JSON in the environment).'),
  maxSpanDays: int(1, 366).default(31).describe('Longest range GET /v1/reports accepts, calendar days.'),
  inlineMaxKb: int(1, 4_400)
    .default(4_096)
    .describe(
      'Bodies above this size (KB) are answered with 303 to a presigned URL (Lambda responses stop at 6 MB).',
    ),
  linkTtlSeconds: int(60, 604_800).default(900).describe('Lifetime of those presigned URLs, seconds.'),
  settleMinutes: int(0, 10_080)
    .default(120)
    .describe(
      'An artefact built less than this after its range ended is rebuilt: late samples may have arrived.',
    ),
  syncMaxPoints: int(0, 1_000_000_000)
    .default(30_000_000)
    .describe(
      'Builds planned above this many points (components × metrics × buckets) are answered 202 and built by the worker. 30 M ≈ 15.6 s at the bench rate (L/week: 27.7 M points in 14.4 s), inside the 19 s a 29 s request leaves a build (10 s kept back).',
    ),
});

const queueSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'expected the queue URL' })
    .optional()
    .describe(
      'SQS queue of report jobs; when set, the schedulers enqueue one job per service instead of building in place.',
    ),
  region: z.string().min(1).optional().describe("The queue's region; unset: the SDK's default (AWS_REGION)."),
  endpoint: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .optional()
    .describe('SQS endpoint override (a local emulator).'),
});

const scheduleSchema = z.strictObject({
  leaseSeconds: int(60, 86_400)
    .default(900)
    .describe(
      "A delivery claimed longer ago than this, seconds (a crashed run), may be taken over. Keep it at least the worker's timeout.",
    ),
});

const reportPolicySchema = z.strictObject({
  minCoveragePct: int(0, 100)
    .default(50)
    .describe(
      'A run whose coverage (samples received over expected, %) is below this fails: nothing is stored, mailed or served, and the job is retried.',
    ),
});

export const configSchema = z.strictObject({
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), {
      message: "expected an IANA time zone such as 'Europe/Paris'",
    })
    .default('Europe/Paris')
    .describe('IANA time zone periods are cut in (DST included), e.g. Europe/Paris.'),
  language: z
    .enum(['en', 'fr', 'pt'], { error: 'expected one of en, fr, pt' })
    .default('en')
    .describe('Language of the documents when a service has no recipients entry saying otherwise.'),
  outputDir: z.string().min(1).default('.').describe('Folder of the local object store (storage.kind fs).'),
  logLevel: z
    .enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'], {
      error: 'expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
    })
    .default('INFO')
    .describe("Least severe level the functions log (Powertools Logger's levels); SILENT logs nothing."),
  metrics: metricsSchema
    .default(() => metricsSchema.parse({}))
    .describe('The OpenTSDB-compatible endpoint the history is read from.'),
  ovh: ovhSchema
    .default(() => ovhSchema.parse({}))
    .describe('OVH APIv6: the inventory and, optionally, the metrics token.'),
  tags: tagsSchema
    .default(() => tagsSchema.parse({}))
    .describe('How APIv6 objects map to OpenTSDB tag values.'),
  findings: findingsConfigSchema
    .default(() => findingsConfigSchema.parse({}))
    .describe('Thresholds of the findings rules (file only: no environment variable sets them).'),
  storage: storageSchema
    .default(() => storageSchema.parse({}))
    .describe('Where reports are stored: a local folder or an S3(-compatible) bucket.'),
  mail: mailSchema
    .default(() => mailSchema.parse({}))
    .describe('The weekly mail: sender, relay, recipients.'),
  http: httpSchema.default(() => httpSchema.parse({})).describe('The on-demand HTTP API (GET /v1/reports).'),
  queue: queueSchema.default(() => queueSchema.parse({})).describe('The SQS queue of report jobs.'),
  schedule: scheduleSchema
    .default(() => scheduleSchema.parse({}))
    .describe('The scheduled weekly deliveries.'),
  report: reportPolicySchema
    .default(() => reportPolicySchema.parse({}))
    .describe('When a run is a failure rather than a report.'),
});

export type Config = z.infer<typeof configSchema>;

/** Environment variables and the configuration key each one sets. */
export const ENV_KEYS = {
  VSCOPE_TIME_ZONE: ['timeZone'],
  VSCOPE_LANGUAGE: ['language'],
  VSCOPE_OUTPUT_DIR: ['outputDir'],
  VSCOPE_LOG_LEVEL: ['logLevel'],
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
  VSCOPE_HTTP_SYNC_MAX_POINTS: ['http', 'syncMaxPoints'],
  VSCOPE_QUEUE_URL: ['queue', 'url'],
  VSCOPE_QUEUE_REGION: ['queue', 'region'],
  VSCOPE_QUEUE_ENDPOINT: ['queue', 'endpoint'],
  VSCOPE_SCHEDULE_LEASE_SECONDS: ['schedule', 'leaseSeconds'],
  VSCOPE_REPORT_MIN_COVERAGE_PCT: ['report', 'minCoveragePct'],
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

/** Deeper than any setting (mail.recipients.<service>.to is 4): a file nested deeper is refused. */
const MAX_FILE_DEPTH = 32;

/**
 * The file's settings with every `null` taken as unset, as an empty environment variable is: the
 * example file lists the keys without a default (credentials, endpoints) as `null`. Keys are own
 * properties, `__proto__` included, so that the schema sees (and refuses) every one.
 */
function withoutNulls(node: Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (depth > MAX_FILE_DEPTH) {
    throw new ConfigError(`${CONFIG_FILE_VAR}: the file is nested more than ${MAX_FILE_DEPTH} levels deep.`, {
      key: CONFIG_FILE_VAR,
    });
  }
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === null) continue;
    const setting =
      typeof value === 'object' && !Array.isArray(value)
        ? withoutNulls(value as Record<string, unknown>, depth + 1)
        : value;
    Object.defineProperty(kept, key, {
      value: setting,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return kept;
}

/** The top-level key of the file naming its JSON Schema, for editors; the loader ignores it. */
export const CONFIG_SCHEMA_KEY = '$schema';

/** The file's settings: its `$schema` (a path or URL, for editors) set aside. */
function withoutSchemaKey(file: Record<string, unknown>): Record<string, unknown> {
  const { [CONFIG_SCHEMA_KEY]: schema, ...settings } = file;
  if (schema !== undefined && typeof schema !== 'string') {
    throw new ConfigError(
      `${CONFIG_SCHEMA_KEY}: expected the path or URL of the file's JSON Schema, such as './schemas/config.schema.json'.`,
      { key: CONFIG_SCHEMA_KEY },
    );
  }
  return settings;
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
  const raw: Record<string, unknown> = file ? withoutNulls(withoutSchemaKey(readFileConfig(file))) : {};
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
