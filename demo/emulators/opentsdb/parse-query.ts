/**
 * Validates a `POST /api/query` body into a typed query, or throws a 400 TsdbError worded like
 * stock OpenTSDB's. Unknown fields are ignored, as stock's JSON mapper does.
 */
import { type Aggregator, aggregatorNamed } from './aggregators.ts';
import { type DownsampleSpec, parseDownsample } from './downsample.ts';
import { badRequest } from './errors.ts';
import { buildFilter, filtersFromTags, type TagFilter } from './filters.ts';
import { DEFAULT_RATE_OPTIONS, type RateOptions } from './rate.ts';
import { parseTime } from './time.ts';

export interface ParsedSubQuery {
  readonly index: number;
  readonly metric: string;
  readonly aggregator: Aggregator;
  readonly downsample: DownsampleSpec | null;
  readonly rate: RateOptions | null;
  readonly filters: readonly TagFilter[];
  /** Tag keys the results are grouped by, in the order `aggregateTags` lists them under OVH. */
  readonly groupBy: readonly string[];
  readonly explicitTags: boolean;
  /** The sub-query as showQuery echoes it. */
  readonly echo: Readonly<Record<string, unknown>>;
}

export interface ParsedQuery {
  readonly startMs: number;
  /** Inclusive. */
  readonly endMs: number;
  readonly msResolution: boolean;
  readonly showQuery: boolean;
  readonly queries: readonly ParsedSubQuery[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalBoolean(obj: Json, key: string, where: string): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badRequest(`Invalid ${where}${key}: expected true or false, got ${JSON.stringify(v)}`);
}

function optionalNumber(obj: Json, key: string, fallback: number): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw badRequest(`Invalid rateOptions.${key}: expected a number, got ${JSON.stringify(v)}`);
  }
  return n;
}

function parseRateOptions(value: unknown): RateOptions {
  if (value === undefined || value === null) return DEFAULT_RATE_OPTIONS;
  if (!isObject(value)) throw badRequest('Invalid rateOptions: expected an object');
  return {
    counter: optionalBoolean(value, 'counter', 'rateOptions.'),
    counterMax: optionalNumber(value, 'counterMax', DEFAULT_RATE_OPTIONS.counterMax),
    resetValue: optionalNumber(value, 'resetValue', DEFAULT_RATE_OPTIONS.resetValue),
    dropResets: optionalBoolean(value, 'dropResets', 'rateOptions.'),
  };
}

function parseFilters(sub: Json, index: number): TagFilter[] {
  const filters: TagFilter[] = [];
  const tags = sub.tags;
  if (tags !== undefined && tags !== null) {
    if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
      throw badRequest(`Invalid tags in sub-query ${index}: expected an object of strings`);
    }
    filters.push(...filtersFromTags(tags as Record<string, string>));
  }
  const raw = sub.filters;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) throw badRequest(`Invalid filters in sub-query ${index}: expected an array`);
    for (const f of raw) {
      if (!isObject(f)) throw badRequest(`Invalid filter in sub-query ${index}: expected an object`);
      const { type, tagk, filter } = f;
      if (typeof type !== 'string' || typeof tagk !== 'string' || typeof filter !== 'string') {
        throw badRequest(`Invalid filter in sub-query ${index}: type, tagk and filter must be strings`);
      }
      filters.push(buildFilter(type, tagk, filter, optionalBoolean(f, 'groupBy', 'filter.')));
    }
  }
  return filters;
}

function echoOf(sub: Json, index: number, filters: readonly TagFilter[], rate: RateOptions | null): Json {
  const groupTags: Record<string, string> = {};
  for (const f of filters) if (f.groupBy) groupTags[f.tagk] = `${f.type}(${f.filter})`;
  return {
    aggregator: sub.aggregator,
    metric: sub.metric,
    tsuids: null,
    downsample: typeof sub.downsample === 'string' ? sub.downsample : null,
    rate: rate !== null,
    filters: filters.map((f) => ({ tagk: f.tagk, filter: f.filter, group_by: f.groupBy, type: f.type })),
    explicitTags: sub.explicitTags === true,
    index,
    tags: groupTags,
    rateOptions: rate,
  };
}

function parseSubQuery(sub: unknown, index: number): ParsedSubQuery {
  if (!isObject(sub)) throw badRequest(`Invalid sub-query ${index}: expected an object`);
  if (typeof sub.aggregator !== 'string' || sub.aggregator === '') {
    throw badRequest('Missing the aggregation function');
  }
  const aggregator = aggregatorNamed(sub.aggregator);
  if (!aggregator) throw badRequest(`No such aggregator: ${sub.aggregator}`);
  if (sub.tsuids !== undefined && sub.tsuids !== null) {
    throw badRequest('Queries by tsuids are not supported by this emulator: query by metric');
  }
  if (typeof sub.metric !== 'string' || sub.metric === '') {
    throw badRequest('Missing the metric or tsuids, provide at least one');
  }
  let downsample: DownsampleSpec | null = null;
  if (sub.downsample !== undefined && sub.downsample !== null) {
    if (typeof sub.downsample !== 'string') throw badRequest('Invalid downsample: expected a string');
    downsample = parseDownsample(sub.downsample);
  }
  const rate = optionalBoolean(sub, 'rate', '') ? parseRateOptions(sub.rateOptions) : null;
  const filters = parseFilters(sub, index);
  const explicitTags = optionalBoolean(sub, 'explicitTags', '');
  return {
    index,
    metric: sub.metric,
    aggregator,
    downsample,
    rate,
    filters,
    groupBy: [...new Set(filters.filter((f) => f.groupBy).map((f) => f.tagk))].sort(),
    explicitTags,
    echo: echoOf(sub, index, filters, rate),
  };
}

/** A validated query; `nowMs` resolves relative times and the default end. */
export function parseQuery(body: unknown, nowMs: number): ParsedQuery {
  if (!isObject(body)) throw badRequest('Unable to parse the given JSON', 'The body must be a JSON object');
  if (body.start === undefined || body.start === null || body.start === '')
    throw badRequest('Missing start time');
  const startMs = parseTime(body.start, nowMs, 'start');
  const endMs =
    body.end === undefined || body.end === null || body.end === ''
      ? nowMs
      : parseTime(body.end, nowMs, 'end');
  if (endMs <= startMs) {
    throw badRequest(`End time [${endMs}] must be greater than the start time [${startMs}]`);
  }
  if (body.useCalendar === true) throw badRequest('Calendar downsampling is not supported by this emulator');
  if (body.delete === true) throw badRequest('Deleting data is not supported by this emulator');
  if (!Array.isArray(body.queries) || body.queries.length === 0) throw badRequest('Missing queries');
  return {
    startMs,
    endMs,
    msResolution: optionalBoolean(body, 'msResolution', '') || optionalBoolean(body, 'ms', ''),
    showQuery: optionalBoolean(body, 'showQuery', ''),
    queries: body.queries.map(parseSubQuery),
  };
}
