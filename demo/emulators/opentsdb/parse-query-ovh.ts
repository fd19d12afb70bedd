/**
 * Validates a `POST /api/query` body as OVH's proxy does (ovh/erlenmeyer:proto/opentsdb/query.go),
 * in its order and words:
 *
 *   1. decode: a field of the wrong JSON type or an unreadable date → 400 `can't parse query`
 *   2. validate: start after end, a sub-query without metric, an aggregator outside the proxy's
 *      table → 400 `Invalid query: ...`
 *   3. per sub-query: the downsample → 400 `Wrong downsampling value: ...`,
 *      `Downsampling operator '...' is not available`, `Downsampling fill policy '...' is not available`
 *
 * Unlike stock: `start` may be omitted (the epoch here; Go's zero time there), `queries` may be empty
 * (the answer is `[]`), start may equal end, and with the `none` aggregator the downsample and the
 * rate are ignored, unparsed. Unknown fields are ignored, as Go's decoder does.
 */
import type { Aggregator } from './aggregators.ts';
import type { DownsampleSpec, FillPolicy } from './downsample.ts';
import { badRequest, TsdbError } from './errors.ts';
import { type OvhFilterSpec, ovhSelectors } from './ovh-filters.ts';
import type { ParsedQuery, ParsedSubQuery } from './parse-query.ts';
import { DEFAULT_RATE_OPTIONS, type RateOptions } from './rate.ts';
import { parseDuration, parseTime } from './time.ts';

/** The proxy's tables: which names it accepts where. */
export interface OvhQueryRules {
  readonly aggregators: ReadonlyMap<string, Aggregator>;
  readonly downsamplers: ReadonlyMap<string, Aggregator>;
  readonly fillPolicies: readonly FillPolicy[];
}

const CANT_PARSE = "can't parse query";
/** No calendar suffix: `1dc-avg` does not match and is a "wrong downsampling value". */
const DOWNSAMPLE = /^(\d+)(ms|s|m|h|d|w|n|y|all)-([^-]+)(?:-(.+))?$/;

type Json = Record<string, unknown>;

interface RawSubQuery {
  readonly metric: string;
  readonly aggregator: string;
  readonly downsample: string | null;
  readonly rate: boolean;
  readonly rateOptions: Json | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly filters: readonly OvhFilterSpec[];
  readonly explicitTags: boolean;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cantParse(): TsdbError {
  return badRequest(CANT_PARSE);
}

/** A field Go decodes into a typed Go field: absent or null gives the zero value, a wrong type fails. */
function field<T>(obj: Json, key: string, check: (v: unknown) => v is T, zero: T): T {
  const v = obj[key];
  if (v === undefined || v === null) return zero;
  if (!check(v)) throw cantParse();
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isStringMap = (v: unknown): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

function readFilter(raw: unknown): OvhFilterSpec {
  if (!isObject(raw)) throw cantParse();
  return {
    type: field(raw, 'type', isString, ''),
    tagk: field(raw, 'tagk', isString, ''),
    filter: field(raw, 'filter', isString, ''),
    groupBy: field(raw, 'groupBy', isBoolean, false),
  };
}

function readSubQuery(raw: unknown): RawSubQuery {
  if (!isObject(raw)) throw cantParse();
  const rateOptions = field(raw, 'rateOptions', isObject, null);
  if (rateOptions) {
    field(rateOptions, 'counter', isBoolean, false);
    field(rateOptions, 'counterMax', isInteger, 0);
    field(rateOptions, 'resetValue', isInteger, 0);
    field(rateOptions, 'dropResets', isBoolean, false);
  }
  return {
    metric: field(raw, 'metric', isString, ''),
    aggregator: field(raw, 'aggregator', isString, ''),
    downsample: field<string | null>(raw, 'downsample', isString, null),
    rate: field(raw, 'rate', isBoolean, false),
    rateOptions,
    tags: field(raw, 'tags', isStringMap, {}),
    filters: field(raw, 'filters', isArray, []).map(readFilter),
    explicitTags: field(raw, 'explicitTags', isBoolean, false),
  };
}

function readTime(value: unknown, nowMs: number, fallback: number, name: string): number {
  if (value === undefined || value === null) return fallback;
  try {
    return parseTime(value, nowMs, name);
  } catch (error) {
    if (error instanceof TsdbError) throw cantParse();
    throw error;
  }
}

/** A downsample specifier, checked with the proxy's pattern and tables. */
export function parseOvhDownsample(text: string, rules: OvhQueryRules): DownsampleSpec {
  const m = DOWNSAMPLE.exec(text);
  if (!m) throw badRequest(`Wrong downsampling value: ${text}`);
  const [, count = '', unit = '', fnName = '', fillName = 'none'] = m;
  const fn = rules.downsamplers.get(fnName);
  if (!fn) throw badRequest(`Downsampling operator '${fnName}' is not available`);
  const fill = rules.fillPolicies.find((f) => f === fillName);
  if (!fill) throw badRequest(`Downsampling fill policy '${fillName}' is not available`);
  const intervalMs = unit === 'all' ? 0 : (parseDuration(`${count}${unit}`)?.ms ?? 0);
  // A zero span reaches Warp 10 as the whole range, like `0all`.
  return { text, intervalMs, all: intervalMs === 0, fn, fill };
}

/**
 * Rate options with stock's meaning. The proxy's own counter handling (RESETS, a counterMax
 * clamp, resetValue applied to values before the rate) is not emulated.
 */
function rateOf(raw: RawSubQuery): RateOptions | null {
  if (!raw.rate) return null;
  const o = raw.rateOptions ?? {};
  return {
    counter: o.counter === true,
    counterMax: typeof o.counterMax === 'number' ? o.counterMax : DEFAULT_RATE_OPTIONS.counterMax,
    resetValue: typeof o.resetValue === 'number' ? o.resetValue : DEFAULT_RATE_OPTIONS.resetValue,
    dropResets: o.dropResets === true,
  };
}

function toSubQuery(raw: RawSubQuery, index: number, rules: OvhQueryRules): ParsedSubQuery {
  const aggregator = rules.aggregators.get(raw.aggregator) as Aggregator;
  const none = aggregator.name === 'none';
  const { filters, groupBy } = ovhSelectors(raw.tags, raw.filters);
  return {
    index,
    metric: raw.metric,
    aggregator,
    downsample: none || raw.downsample === null ? null : parseOvhDownsample(raw.downsample, rules),
    rate: none ? null : rateOf(raw),
    filters,
    groupBy,
    explicitTags: raw.explicitTags,
    echo: { index },
  };
}

/** A validated query under OVH's rules; `nowMs` is the default end and resolves relative times. */
export function parseOvhQuery(body: unknown, nowMs: number, rules: OvhQueryRules): ParsedQuery {
  if (!isObject(body)) throw cantParse();
  const startMs = readTime(body.start, nowMs, 0, 'start');
  const endMs = readTime(body.end, nowMs, nowMs, 'end');
  const msResolution = field(body, 'msResolution', isBoolean, false);
  const raws = field(body, 'queries', isArray, []).map(readSubQuery);
  if (startMs > endMs) throw badRequest('Invalid query: Start date is after end date');
  for (const raw of raws) {
    if (raw.metric === '') throw badRequest('Invalid query: missing metric name');
    if (!rules.aggregators.has(raw.aggregator)) {
      throw badRequest(`Invalid query: invalid aggregator ${raw.aggregator}`);
    }
  }
  return {
    startMs,
    endMs,
    msResolution,
    showQuery: false,
    queries: raws.map((raw, i) => toSubQuery(raw, i, rules)),
  };
}
