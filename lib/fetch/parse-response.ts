/**
 * Turns an OpenTSDB `/api/query` response into Series. Survives both server flavours: `dps` as
 * an object or as `[[ts, v]]` arrays, values as numbers, `null` or the string "NaN", timestamps
 * in seconds or milliseconds, and results in any order — each result is matched to its
 * sub-query by `query.index` when present, otherwise by metric and datacenter tag, never by
 * position. `dps` read by decode-answer.ts arrives as typed arrays already (PointArrays).
 */
import type { MetricName } from '../core/catalogue.ts';
import { MetricsPayloadError } from '../core/errors.ts';
import type { Period, Series } from '../core/types.ts';
import { PointArrays, visitQueryAnswer } from './decode-answer.ts';
import type { PlannedSubQuery } from './plan-queries.ts';

/** Timestamps above this are milliseconds (10^11 s is the year 5138). */
const MS_THRESHOLD = 1e11;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(message: string, context: Record<string, unknown> = {}): never {
  throw new MetricsPayloadError(`Malformed OpenTSDB response: ${message}`, { context });
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  // Gaps: fill policies `null` and `nan` (the latter is the JSON string "NaN").
  if (v === null || v === 'NaN') return Number.NaN;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fail(`value ${JSON.stringify(v)} is not a number`);
}

/** Points of one result, clipped to [fromS, toS), written straight into typed arrays (a hot path). */
function readPoints(
  dps: unknown,
  fromS: number,
  toS: number,
  shift: number,
): { ts: Float64Array; vs: Float64Array } {
  if (dps instanceof PointArrays) return clipPoints(dps.timestamps, dps.values, fromS, toS, shift);
  const pairs = Array.isArray(dps);
  if (!pairs && !isObject(dps)) fail('dps is neither an object nor an array');
  const keys = pairs ? null : Object.keys(dps as Json);
  const size = keys ? keys.length : (dps as unknown[]).length;
  const ts = new Float64Array(size);
  const vs = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let rawTs: unknown;
    let rawV: unknown;
    if (keys) {
      rawTs = keys[i];
      rawV = (dps as Json)[rawTs as string];
    } else {
      const pair = (dps as unknown[])[i];
      if (!Array.isArray(pair) || pair.length < 2) fail('an entry of dps is not a [timestamp, value] pair');
      rawTs = pair[0];
      rawV = pair[1];
    }
    const t = typeof rawTs === 'string' ? Number(rawTs) : rawTs;
    if (typeof t !== 'number' || !Number.isFinite(t))
      fail(`timestamp ${JSON.stringify(rawTs)} is not a number`);
    ts[i] = t;
    vs[i] = typeof rawV === 'number' ? rawV : toNumber(rawV);
  }
  return clipPoints(ts, vs, fromS, toS, shift);
}

/**
 * Samples in [fromS, toS) after the stamp shift, gaps (NaN) dropped, timestamps in seconds, in
 * time order. Compacts in place: `ts` and `vs` are the caller's own arrays.
 */
function clipPoints(
  ts: Float64Array,
  vs: Float64Array,
  fromS: number,
  toS: number,
  shift: number,
): { ts: Float64Array; vs: Float64Array } {
  const size = ts.length;
  let n = 0;
  let sorted = true;
  let previous = Number.NaN;
  let previousKept = false;
  for (let i = 0; i < size; i++) {
    let t = ts[i] as number;
    const v = vs[i] as number;
    if (t > MS_THRESHOLD) t /= 1000;
    t += shift;
    if (t === previous && previousKept) {
      // A timestamp repeated: the later value stands, as JSON.parse keeps a repeated key's last.
      if (Number.isNaN(v)) n--;
      else vs[n - 1] = v;
      previousKept = !Number.isNaN(v);
      continue;
    }
    previous = t;
    previousKept = !(Number.isNaN(v) || t < fromS || t >= toS);
    if (!previousKept) continue;
    if (n > 0 && t <= (ts[n - 1] as number)) sorted = false;
    ts[n] = t;
    vs[n] = v;
    n++;
  }
  if (!sorted) return sortByTime(ts.subarray(0, n), vs.subarray(0, n));
  return n === size ? { ts, vs } : { ts: ts.subarray(0, n), vs: vs.subarray(0, n) };
}

function sortByTime(ts: Float64Array, vs: Float64Array): { ts: Float64Array; vs: Float64Array } {
  // A stable sort: of samples at the same time, the last in the answer stands (as a repeated key
  // keeps its last value in JSON.parse).
  const order = Array.from(ts, (_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number));
  const kept = order.filter((i, k) => k + 1 === order.length || ts[order[k + 1] as number] !== ts[i]);
  return {
    ts: Float64Array.from(kept, (i) => ts[i] as number),
    vs: Float64Array.from(kept, (i) => vs[i] as number),
  };
}

function readTags(raw: unknown): Record<string, string> {
  if (!isObject(raw)) return fail('tags is not an object');
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') fail(`tag ${k} is not a string`);
    tags[k] = v;
  }
  return tags;
}

function matchSubQuery(
  result: Json,
  tags: Record<string, string>,
  subQueries: readonly PlannedSubQuery[],
): PlannedSubQuery {
  const query = result.query;
  if (isObject(query) && typeof query.index === 'number') {
    const sub = subQueries[query.index];
    if (!sub || sub.metric !== result.metric) {
      fail(`query.index ${query.index} does not name a sub-query for ${String(result.metric)}`);
    }
    return sub;
  }
  const candidates = subQueries.filter(
    (s) => s.metric === result.metric && s.datacenterTag === tags.datacenter,
  );
  if (candidates.length !== 1) {
    fail(`cannot tell which sub-query result ${String(result.metric)} answers`, { metric: result.metric });
  }
  return candidates[0] as PlannedSubQuery;
}

export interface ParseOptions {
  /** Seconds added to every timestamp (end-stamped buckets move back one bucket). */
  readonly stampShiftSeconds?: number;
}

function notAnArray(body: unknown): never {
  return fail(isObject(body) && 'error' in body ? 'the body is an error object' : 'the body is not an array');
}

/** One result of an answer as a Series clipped to the period. */
function parseQueryResult(
  result: unknown,
  subQueries: readonly PlannedSubQuery[],
  period: Period,
  options: ParseOptions,
): Series {
  if (!isObject(result) || typeof result.metric !== 'string') fail('a result has no metric name');
  const tags = readTags(result.tags);
  const sub = matchSubQuery(result, tags, subQueries);
  const component = tags[sub.componentTag];
  if (component === undefined) {
    fail(`a ${sub.metric} result has no '${sub.componentTag}' tag: the endpoint did not group by component`, {
      metric: sub.metric,
    });
  }
  const fromS = period.startMs / 1000;
  const toS = period.endMs / 1000;
  const { ts, vs } = readPoints(result.dps, fromS, toS, options.stampShiftSeconds ?? 0);
  // A server that ignored the NIC grouping returns the host's sum without the tag: no `nic` then.
  const nic = sub.nicTag === undefined ? undefined : tags[sub.nicTag];
  return {
    metric: sub.metric as MetricName,
    datacenterTag: sub.datacenterTag,
    component,
    ...(nic === undefined ? {} : { nic }),
    tags,
    timestamps: ts,
    values: vs,
  };
}

/**
 * Reads the bytes of one answer and hands each Series to `onSeries` as soon as it is parsed.
 * Its sample arrays are reused by the next one: `onSeries` copies what it keeps. Throws
 * MetricsPayloadError for an answer that is JSON but not a valid answer, and JSON.parse's
 * SyntaxError for bytes that are not JSON (the client names the endpoint and status), possibly
 * after some series were handed over.
 */
export async function readQueryAnswer(
  bytes: Uint8Array,
  subQueries: readonly PlannedSubQuery[],
  period: Period,
  options: ParseOptions,
  onSeries: (series: Series) => void,
): Promise<void> {
  const other = await visitQueryAnswer(bytes, (result) =>
    onSeries(parseQueryResult(result, subQueries, period, options)),
  );
  if (other) notAnArray(other.value);
}
