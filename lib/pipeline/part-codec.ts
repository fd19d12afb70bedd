/**
 * A datacenter part (datacenter-part.ts) as the bytes stored between the datacenter's job and
 * the job that composes the report. The one place that knows the format, so a more compact one
 * can replace it: JSON, with the charted series' samples as base64 of their Float64Array bytes
 * (exact, and a third of the text), and numbers JSON cannot carry (NaN, ±Infinity, -0) tagged.
 *
 * Read back through a zod schema: the envelope, the summaries and the profiles field by field;
 * the datacenter's figures by their shape (the same version wrote them: `generator` is checked
 * before merging).
 */
import { z } from 'zod';
import { METRICS, type MetricName } from '../core/catalogue.ts';
import { StoreError } from '../core/errors.ts';
import type { DatacenterReport, FetchGap, Series } from '../core/types.ts';
import { type DatacenterPart, PART_SCHEMA_VERSION } from './datacenter-part.ts';

const TAG = '\u0000num:';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (Number.isFinite(value)) return Object.is(value, -0) ? `${TAG}-0` : value;
  return `${TAG}${String(value)}`;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(TAG)) return value;
  return Number(value.slice(TAG.length));
}

const toBase64 = (a: Float64Array): string =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromBase64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 8 !== 0) throw new RangeError('not a whole number of float64');
  // Copied into its own buffer: aligned, and not a view of Buffer's shared pool.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The bytes of a part. */
export function encodePart(part: DatacenterPart): string {
  const chartSeries = part.chartSeries.map((s) => ({
    ...s,
    timestamps: toBase64(s.timestamps),
    values: toBase64(s.values),
  }));
  return `${JSON.stringify({ ...part, chartSeries }, replacer)}\n`;
}

const metricName = z.enum(METRICS.map((m) => m.name) as [MetricName, ...MetricName[]]);
const num = z.number();
const periodSchema = z.looseObject({
  kind: z.enum(['week', 'month', 'custom']),
  label: z.string(),
  startMs: num,
  endMs: num,
  timeZone: z.string(),
  startIso: z.string(),
  endIso: z.string(),
});
const runSchema = z.strictObject({ offset: num, counts: z.array(num) });
const summariesSchema = z.strictObject({
  datacenterTag: z.string(),
  kind: z.enum(['filer', 'host', 'vm']),
  component: z.string(),
  metric: z.string(),
  intervalSeconds: num,
  days: z.array(
    z.strictObject({
      day: z.string(),
      count: num,
      sum: z.array(num),
      sumSquares: z.array(num),
      min: num,
      max: num,
      sketch: z.strictObject({ relativeAccuracy: num, zeros: num, positive: runSchema, negative: runSchema }),
    }),
  ),
});
const componentSchema = z.looseObject({
  kind: z.enum(['filer', 'host', 'vm']),
  key: z.string(),
  displayName: z.string(),
  details: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.looseObject({ samples: num, expected: num })),
  missingSeries: z.boolean(),
});
const datacenterSchema = z.looseObject({
  datacenterId: num,
  name: z.string(),
  tag: z.string(),
  hosts: z.array(componentSchema),
  vms: z.array(componentSchema),
  filers: z.array(componentSchema),
  unknownComponents: z.array(z.looseObject({ metric: z.string(), component: z.string() })),
  hostRollups: z.array(z.looseObject({})),
  rollup: z.looseObject({}),
});
const partSchema = z.strictObject({
  schemaVersion: z.literal(PART_SCHEMA_VERSION),
  generator: z.strictObject({ name: z.string(), version: z.string() }),
  serviceName: z.string(),
  period: periodSchema,
  datacenterTag: z.string(),
  intervalSeconds: num.positive(),
  requests: num,
  gaps: z.array(
    z.looseObject({ metric: metricName, datacenterTag: z.string(), components: z.array(z.string()) }),
  ),
  datacenter: datacenterSchema,
  sketch: z.strictObject({ kind: z.literal('log-buckets'), relativeAccuracy: num }),
  summaries: z.array(summariesSchema),
  profiles: z.array(
    z.strictObject({ metric: metricName, partials: z.array(z.array(num)), counts: z.array(num) }),
  ),
  chartSeries: z.array(
    z.strictObject({
      metric: metricName,
      datacenterTag: z.string(),
      component: z.string(),
      nic: z.string().optional(),
      tags: z.record(z.string(), z.string()),
      timestamps: z.string(),
      values: z.string(),
    }),
  ),
});

/** A part from its bytes; StoreError naming the key and the first field that does not fit. */
export function decodePart(bytes: Uint8Array | string, key: string): DatacenterPart {
  const fail = (why: string, cause?: unknown) =>
    new StoreError(`The datacenter part '${key}' is unreadable (${why}): run its job again.`, {
      ...(cause ? { cause } : {}),
      context: { key },
    });
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes), reviver);
  } catch (cause) {
    throw fail('not JSON', cause);
  }
  const parsed = partSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  // The checked JSON itself rather than zod's copy, which reorders keys: the composed report.json
  // then lists them as a one-process build does.
  const p = json as typeof parsed.data;
  let chartSeries: Series[];
  try {
    chartSeries = p.chartSeries.map((s) => {
      const { nic, ...rest } = s;
      const series: Series = {
        ...rest,
        ...(nic === undefined ? {} : { nic }),
        timestamps: fromBase64(s.timestamps),
        values: fromBase64(s.values),
      };
      if (series.timestamps.length !== series.values.length) throw new RangeError('timestamps ≠ values');
      return series;
    });
  } catch (cause) {
    throw fail('a charted series is not whole', cause);
  }
  return {
    ...p,
    // The shapes above are checked; their deeper figures were written by the same version.
    datacenter: p.datacenter as unknown as DatacenterReport,
    gaps: p.gaps as unknown as FetchGap[],
    summaries: p.summaries as unknown as DatacenterPart['summaries'],
    period: p.period,
    chartSeries,
  };
}
