/**
 * The report JSON's schema, as zod: the one description of `report.json` (schemaVersion 2).
 * `npm run schema` writes it as JSON Schema (draft-07) to schemas/report.schema.json for people
 * and tools that read the reports; tests check that the shipped file is this schema and that
 * real reports validate against both.
 *
 * Objects are strict (an unknown key is an error), so a field added to the model without being
 * described here fails the tests instead of going undocumented. Readers of stored reports (the
 * previous period's findings, a delivery's digest) pick their parts from here through `lenient`.
 */
import { z } from 'zod';
import { COMPONENT_KINDS, METRICS, type MetricName } from './catalogue.ts';
import { DERIVED, type Message, type ReportModel } from './types.ts';

const metricNames = METRICS.map((m) => m.name) as [MetricName, ...MetricName[]];
const metricName = z.enum(metricNames).describe('A vScope metric of the catalogue.');
const derivedName = z
  .enum([DERIVED.cpuReadyPct, DERIVED.datastoreUsedPct])
  .describe('A figure derived from metrics and inventory: CPU ready % per vCPU, datastore used % of size.');
const componentKind = z.enum(COMPONENT_KINDS);
const severity = z.enum(['critical', 'warning', 'info']);
const count = z.number().int().min(0);
const figure = z.number().nullable();

/** The report's period: its bounds, label and zone. */
export const periodSchema = z.strictObject({
  kind: z.enum(['week', 'month', 'custom']),
  label: z.string().describe('`2026-W47`, `2026-11`, or `<start>_<end>` for custom ranges.'),
  startMs: z.number().describe('Start, epoch milliseconds (inclusive).'),
  endMs: z.number().describe('End, epoch milliseconds (exclusive).'),
  timeZone: z.string().describe('IANA time zone the period was cut in.'),
  startIso: z.string(),
  endIso: z.string(),
});

const gapSpan = z.strictObject({ startMs: z.number(), endMs: z.number(), missingSamples: count });

const timedValue = z.strictObject({ value: z.number(), atMs: z.number() });

const metricStats = z
  .strictObject({
    samples: count.describe('Samples received.'),
    expected: count.describe('Samples expected at the interval.'),
    coveragePct: z.number().min(0).max(100).describe('Received over expected, 0–100.'),
    intervalSeconds: z.number().positive(),
    intervalSource: z.enum(['inferred', 'requested']),
    gaps: z.strictObject({
      count,
      missingSeconds: z.number().min(0),
      longestSeconds: z.number().min(0),
      listed: z.array(gapSpan),
    }),
    min: figure,
    mean: figure,
    max: figure,
    stdDev: figure.describe('Population standard deviation (divides by n).'),
    p50: figure,
    p95: figure.describe('Type 7 percentile (linear interpolation between closest ranks).'),
    p99: figure,
    peak: timedValue.nullable(),
    last: timedValue.nullable(),
    timeAbove: z.array(
      z.strictObject({
        threshold: z.number(),
        seconds: z.number().min(0),
        sharePct: z.number().min(0).max(100),
      }),
    ),
    trend: z
      .strictObject({
        slopePerDay: z.number(),
        slopeStdErrPerDay: figure,
        fittedAtEnd: z.number(),
      })
      .nullable()
      .describe('Least-squares line through the samples against time.'),
    profile: z
      .array(figure)
      .nullable()
      .describe('Mean per local hour of the week (168 cells, Monday 00h first); null where not kept.'),
  })
  .describe('Figures of one series over the period; null where there are no samples.');

const statsByMetric = z.partialRecord(metricName, metricStats);

const component = z.strictObject({
  kind: componentKind,
  key: z.string().describe('The OpenTSDB tag value (moRef, host name, datastore name).'),
  displayName: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  metrics: statsByMetric,
  derived: z.partialRecord(derivedName, metricStats),
  nics: z.record(z.string(), statsByMetric),
  capacity: z
    .strictObject({
      sizeGb: figure,
      usedGb: figure,
      usedPct: figure,
      provisionedGb: figure,
      overcommitRatio: figure,
    })
    .nullable(),
  unavailable: z.array(z.strictObject({ figure: z.string(), reason: z.string() })),
  missingSeries: z.boolean(),
});

const hostRollup = z.strictObject({
  host: z.string(),
  vmCount: count,
  poweredOnVmCount: count,
  vcpuTotal: count,
  vmsWithoutCpuNum: count,
  vmMemoryGb: z.number(),
  memoryOvercommitRatio: figure,
  vmCpuMeanSumPct: z.number(),
  busyVcpuMean: z.number(),
  worstReadyP95Pct: figure,
});

/** Totals of one datacenter. */
export const datacenterRollupSchema = z.strictObject({
  hosts: count,
  hostsInMaintenance: count,
  vms: count,
  poweredOnVms: count,
  vcpuTotal: count,
  vmMemoryGb: z.number(),
  hostRamGb: z.number(),
  storageSizeGb: z.number(),
  storageUsedGb: z.number(),
  storageProvisionedGb: z.number(),
  storageOvercommitRatio: figure,
  hostCpuMeanPct: figure,
  vmsWithoutHost: z.array(z.string()),
});

const usedFree = z.strictObject({
  used: z.number(),
  free: z.number(),
  usedPct: figure.describe('Used / total × 100; null when the total is 0.'),
});

const resourceCapacity = z
  .strictObject({
    total: z.number().min(0),
    p95: usedFree.describe(
      "The sum of each component's own p95 use: an upper bound of the datacenter's p95.",
    ),
    max: usedFree.describe("The sum of each component's own maximum use."),
    leftOut: z
      .array(z.string())
      .describe('Components without a capacity in the inventory or without samples.'),
  })
  .describe('One resource: total of the counted components, used and free at p95 and at max.');

const hostLossCheck = z
  .strictObject({
    largestHost: z
      .string()
      .nullable()
      .describe('The host with the most of this resource: the worst to lose.'),
    largestHostTotal: z.number().min(0),
    remainingTotal: z.number().min(0).describe('What the other counted hosts have.'),
    usedP95: z.number().describe('The p95 use that moves to the other hosts.'),
    usedPctAfterLoss: figure.describe('usedP95 / remainingTotal × 100; null when nothing remains.'),
    survives: z.boolean().describe('usedPctAfterLoss at or under hostLossLimitPct.'),
  })
  .describe('Whether the other hosts hold this resource’s p95 load when the largest host is lost.');

/** Capacity headroom of one datacenter. */
export const datacenterCapacitySchema = z
  .strictObject({
    cpuGhz: resourceCapacity.describe('Host CPU, GHz (hosts in maintenance left out).'),
    memoryGb: resourceCapacity.describe('Host memory, GB (hosts in maintenance left out).'),
    storageGb: resourceCapacity.describe('Datastore space, GB.'),
    vcpus: count.describe('vCPUs of the powered-on VMs.'),
    physicalCores: count.describe('Physical cores of the counted hosts (APIv6 host cpuNum).'),
    vcpuPerCore: figure.describe('vcpus / physicalCores; null when no host reports its cores.'),
    vmMemoryGb: z.number().min(0).describe('Memory configured on the powered-on VMs, GB.'),
    hostRamGb: z.number().min(0).describe('RAM of the hosts not in maintenance that report it, GB.'),
    memoryOvercommitRatio: figure.describe(
      'vmMemoryGb / hostRamGb, as a ratio (1.5 = 50 % more than exists).',
    ),
    hostsInMaintenance: z.array(z.string()).describe('Left out of every capacity figure.'),
    hostLossLimitPct: z.number().positive().describe('The hosts-left limit of the N+1 check, %.'),
    hostLoss: z.strictObject({ cpu: hostLossCheck, memory: hostLossCheck }),
    survivesLargestHostLoss: z
      .boolean()
      .nullable()
      .describe(
        "True when the other hosts absorb the largest host's p95 CPU and memory within the limit; null without host figures.",
      ),
  })
  .describe('Capacity headroom: used and free CPU, memory and storage, over-commit, N+1.');

const datacenter = z.strictObject({
  datacenterId: z.number().int(),
  name: z.string(),
  tag: z.string(),
  hosts: z.array(component),
  vms: z.array(component),
  filers: z.array(component),
  unknownComponents: z.array(z.strictObject({ metric: metricName, component: z.string() })),
  hostRollups: z.array(hostRollup),
  rollup: datacenterRollupSchema,
  capacity: datacenterCapacitySchema,
});

const fleet = z.strictObject({
  top: z.array(
    z.strictObject({
      kind: componentKind,
      metric: z.union([metricName, derivedName]),
      statistic: z.literal('p95'),
      entries: z.array(
        z.strictObject({
          datacenterTag: z.string(),
          key: z.string(),
          displayName: z.string(),
          value: z.number(),
        }),
      ),
    }),
  ),
  distributions: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      edges: z.array(z.number()),
      counts: z.array(count),
      missing: count,
    }),
  ),
  profiles: z.array(z.strictObject({ kind: componentKind, metric: metricName, cells: z.array(figure) })),
});

/** A translatable text: a key and its parameters, which may be further messages. */
export const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z
    .strictObject({
      key: z.string().describe('Key in templates/i18n/<language>.json.'),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(messageSchema)])),
    })
    .describe('Text as a translation key and its parameters.'),
);

const runwaySchema = z.strictObject({
  slopePctPerDay: z.number(),
  slopeStdErrPctPerDay: z.number().min(0),
  fittedEndPct: z.number().describe("The trend line's value at the period's end, where the forecast starts."),
  confidenceZ: z.number().min(0),
  lines: z
    .array(
      z.strictObject({
        linePct: z.number(),
        days: z.number().min(0),
        daysEarliest: z.number().min(0),
        daysLatest: z.number().min(0),
      }),
    )
    .describe('Fill lines the trend reaches within the horizon, nearest first; days from the period end.'),
});

/** One finding, current or resolved. */
export const findingSchema = z.strictObject({
  id: z.string().describe('`<rule>:<kind>:<datacenter tag>:<key>`, stable from one period to the next.'),
  rule: z.string(),
  severity,
  status: z.enum(['new', 'persisting', 'resolved']),
  confidence: z.enum(['high', 'low']),
  subject: z.strictObject({
    kind: z.enum([...COMPONENT_KINDS, 'datacenter']),
    key: z.string(),
    displayName: z.string(),
    datacenterTag: z.string(),
    datacenterName: z.string(),
  }),
  title: z.string().describe('English title (the messages translate it).'),
  evidence: z.strictObject({
    summary: z.string(),
    figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    runway: runwaySchema.exactOptional().describe('The forecast of a datastore-runway finding.'),
    coveragePct: figure,
    period: z.strictObject({ label: z.string(), startIso: z.string(), endIso: z.string() }),
  }),
  recommendation: z.string(),
  previousSeverity: severity.nullable(),
  messages: z
    .strictObject({
      title: messageSchema,
      summary: z.array(messageSchema),
      recommendation: z.array(messageSchema),
    })
    .exactOptional()
    .describe('The title, summary and recommendation as translatable messages.'),
});

/** A gap longer than one bucket in series that came; components missing the same span share it. */
const seriesGapSchema = z
  .strictObject({
    source: z.literal('series'),
    datacenterTag: z.string(),
    kind: componentKind,
    metric: metricName,
    components: z.array(z.string()).describe('Keys of the components that miss this span, sorted.'),
    startMs: z.number(),
    endMs: z.number(),
    startLocal: z.string().describe("Start in the report's time zone, ISO 8601 with offset."),
    endLocal: z.string().describe("End in the report's time zone, ISO 8601 with offset."),
    durationSeconds: z.number().positive(),
    missingSamples: count.describe('Samples missing in the span, per component.'),
  })
  .describe('A run of missing samples longer than one bucket in the series of one metric.');

const changeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const figureDelta = z.strictObject({
  componentKind: z.enum(['host', 'vm', 'filer', 'datacenter']),
  key: z.string(),
  displayName: z.string(),
  datacenterTag: z.string(),
  figure: z
    .string()
    .describe('`cpuP95Pct`, `memP95Pct`, `readyP95Pct`, `usedPct`, or a key figure (`vms`, `vcpuTotal`...).'),
  previous: figure,
  current: figure,
  delta: figure.describe('current − previous; null when either is unknown.'),
});

/** What changed since the previous report. */
export const changesSchema = z
  .strictObject({
    previousLabel: z.string(),
    found: z.boolean().describe('True when the previous report was read and compared.'),
    events: z.array(
      z.strictObject({
        kind: z.enum(['added', 'removed', 'vcpu', 'memory', 'powerState', 'snapshots', 'maintenance']),
        componentKind: z.enum(['host', 'vm', 'filer']),
        key: z.string(),
        displayName: z.string(),
        datacenterTag: z.string(),
        before: changeValue.describe(
          'Value in the previous report (vCPU, memory MB, power state, snapshots, in maintenance).',
        ),
        after: changeValue,
      }),
    ),
    keyFigures: z.array(figureDelta).describe('Datacenter totals this period and the one before.'),
    figures: z
      .array(figureDelta)
      .describe('p95 figures of hosts, datastores and the top VMs, this period and the one before.'),
  })
  .describe('Inventory events and figure deltas since the previous report; empty when there is none.');

/** The report JSON (`report.json`), schema version 2. */
export const reportSchema = z
  .strictObject({
    schemaVersion: z.literal(2),
    generator: z.strictObject({ name: z.string(), version: z.string() }),
    serviceName: z.string(),
    period: periodSchema,
    generatedAt: z.string().describe('ISO 8601 instant the report was generated at.'),
    intervalSeconds: z.number().positive().describe('The bucket width series were requested at.'),
    coverage: z.strictObject({ expected: count, received: count, pct: z.number().min(0).max(100) }),
    datacenters: z.array(datacenter),
    fleet,
    findings: z.array(findingSchema).describe('Current findings (new or persisting), most severe first.'),
    resolvedFindings: z.array(findingSchema).describe('Findings of the previous report that no longer hold.'),
    comparison: z.strictObject({ previousLabel: z.string(), found: z.boolean(), note: z.string() }),
    gaps: z
      .array(
        z.union([
          z
            .strictObject({
              metric: metricName,
              datacenterTag: z.string(),
              components: z.array(z.string()),
              reason: z.string(),
              window: z
                .strictObject({ startMs: z.number(), endMs: z.number() })
                .exactOptional()
                .describe(
                  'The part of the period the failed query covered, when it was not the whole period.',
                ),
            })
            .describe('A query that failed: its figures are missing, never zero.'),
          seriesGapSchema,
        ]),
      )
      .describe(
        'Failed queries (no `source`), then every gap longer than one bucket in the series that came (`source: series`).',
      ),
    changes: changesSchema,
    summaries: z.strictObject({ file: z.string(), series: count, days: count }),
  })
  .describe('Every figure of one vScope report: what report.json holds.');

/** Where the JSON Schema ships. */
export const REPORT_SCHEMA_FILE = new URL('../../schemas/report.schema.json', import.meta.url);

/**
 * Names of the parts the JSON Schema defines once and refers to (a local registry: zod's global
 * one is shared by every module that imports zod).
 */
const definitions = z.registry<{ id: string }>();
definitions.add(metricStats, { id: 'MetricStats' });
definitions.add(component, { id: 'Component' });
definitions.add(datacenter, { id: 'Datacenter' });
definitions.add(findingSchema, { id: 'Finding' });
definitions.add(messageSchema, { id: 'Message' });

/** The report schema as JSON Schema (draft-07, what most validators read). */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(reportSchema, {
    target: 'draft-07',
    io: 'output',
    metadata: definitions,
  });
  return { ...schema, title: 'vscope-reports report.json (schemaVersion 2)' };
}

/** `T` with its readonly arrays made mutable, as zod's output types have them. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/**
 * The model's interfaces (lib/core/types-*.ts) and this schema describe the same JSON: whatever the
 * schema accepts is a ReportModel, and every ReportModel passes the schema's shape, so a field added
 * to one and not the other fails type-checking. The interfaces are kept, rather than inferred from
 * zod, for their per-field documentation, their readonly contract and the types that never reach
 * the JSON (typed arrays, stage outputs) that live beside them.
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _schemaIsTheModel: Same<Writable<ReportModel>, Writable<z.output<typeof reportSchema>>> = true;
void _schemaIsTheModel;

/**
 * A reader's copy of a part of this schema: every object drops the keys it does not know instead
 * of rejecting them, so a report written by a later version still reads; what it does know is
 * checked as strictly as here.
 */
export function lenient<T extends z.ZodType>(schema: T): z.ZodType<z.output<T>, z.input<T>> {
  return loosen(schema, new Map()) as z.ZodType<z.output<T>, z.input<T>>;
}

function loosen(schema: z.ZodType, seen: Map<z.ZodType, z.ZodType>): z.ZodType {
  const known = seen.get(schema);
  if (known) return known;
  const each = (inner: z.core.$ZodType) => loosen(inner as z.ZodType, seen);
  // The same kind of schema with its checks and wrappers, around loosened parts.
  const copy = (def: object) => schema.clone(def as z.core.$ZodTypeDef);
  const def = (schema as unknown as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape).map(([key, value]) => [key, each(value)]));
      // No catchall: unknown keys are stripped, so they cannot reach a report this version writes.
      const { catchall: _, ...rest } = def;
      return copy({ ...rest, shape } satisfies z.core.$ZodObjectDef);
    }
    case 'array':
      return copy({ ...def, element: each(def.element) } satisfies z.core.$ZodArrayDef);
    case 'optional':
    case 'nullable':
      return copy({ ...def, innerType: each(def.innerType) });
    case 'record':
      return copy({ ...def, valueType: each(def.valueType) } satisfies z.core.$ZodRecordDef);
    case 'union':
      return copy({ ...def, options: def.options.map(each) } satisfies z.core.$ZodUnionDef);
    case 'lazy': {
      // A new lazy (a clone would share the original's resolved inner schema), registered before
      // it resolves so a recursive part (messages) refers to its own copy.
      const lazy = z.lazy(() => each((schema as z.ZodLazy<z.ZodType>).unwrap()));
      seen.set(schema, lazy);
      return lazy;
    }
    default:
      return schema;
  }
}
