/**
 * What differs between the two OpenTSDB servers a vScope client meets, as data the engine, the
 * serializer and the HTTP layer read:
 *
 *   stock  OpenTSDB 2.4 (PROTOCOLS.md §1)
 *   ovh    OVH's OpenTSDB proxy over Warp 10, ovh/erlenmeyer (PROTOCOLS.md §2): POST only, plain-text
 *          errors, end-aligned buckets, a forced downsample, its own aggregator tables and filters
 *
 * Each flavour also names its body validator, since the two check different things in different words.
 */
import { AGGREGATORS, type Aggregator } from './aggregators.ts';
import { FILL_POLICIES } from './downsample.ts';
import { badRequest, TsdbError } from './errors.ts';
import { type ParsedQuery, parseQuery } from './parse-query.ts';
import { type OvhQueryRules, parseOvhQuery } from './parse-query-ovh.ts';
import { OVH_AGGREGATORS, OVH_DOWNSAMPLERS } from './warp10-aggregators.ts';

export const FLAVOUR_NAMES = ['stock', 'ovh'] as const;
export type FlavourName = (typeof FLAVOUR_NAMES)[number];

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** How a query is executed and written, beyond what the parser settles. */
export interface QueryDialect {
  /** Downsampling buckets at epoch multiples (`ts − ts % interval`) or at `end − k·interval`. */
  readonly buckets: 'epoch' | 'end';
  /** The mean downsample a sub-query without one gets (not with the `none` aggregator), or null. */
  readonly forcedDownsample: {
    readonly fn: Aggregator;
    /** Candidate spans, shortest first: the first giving at most `maxBuckets` buckets wins. */
    readonly spansMs: readonly number[];
    readonly maxBuckets: number;
  } | null;
  /** With fill `none`, interpolating aggregators get a value in every bucket of the range. */
  readonly fillNoneSpansRange: boolean;
  /** An unknown metric, tag key or tag value: a 400, or just no data. */
  readonly unknownNames: 'fail' | 'no-data';
  /** A series without a point at a timestamp: interpolated per the aggregator, or left out. */
  readonly crossSeries: 'per-aggregator' | 'present-only';
  /** Rate of each series before grouping, or of each aggregated result. */
  readonly rate: 'per-series' | 'after-aggregation';
  /** `aggregateTags`: the tag keys that varied within the group, or the group-by keys. */
  readonly aggregateTags: 'varied' | 'group-by';
  /** NaN and infinite values left out of `dps` rather than written as "NaN". */
  readonly dropNonFinite: boolean;
  /** Results without a single point left out of the answer. */
  readonly dropEmptyResults: boolean;
  /** `query` in each result: the full echo with showQuery only, or always `{index}`. */
  readonly queryEcho: 'showQuery' | 'index';
  /** `?arrays` turns `dps` into `[[ts, v]]`; ignored when false. */
  readonly arraysParameter: boolean;
  /** Timestamps keep their milliseconds with msResolution; OVH's proxy truncates them to seconds. */
  readonly subSecondStamps: boolean;
}

export type RouteName = 'query' | 'put' | 'version' | 'aggregators';

export interface OpenTsdbFlavour {
  readonly name: FlavourName;
  readonly dialect: QueryDialect;
  /** The endpoints this server has. */
  readonly routes: readonly RouteName[];
  /** Body of `GET /api/version`. */
  readonly version: Readonly<Record<string, string>>;
  /** Names `GET /api/aggregators` lists. */
  readonly aggregatorNames: readonly string[];
  /** Content-Type of a JSON answer. */
  readonly jsonType: string;
  /** Appended to every JSON body (Go's encoder ends with a newline). */
  readonly jsonSuffix: string;
  /**
   * Whether answers are gzipped for a request that accepts gzip (`Accept-Encoding`).
   * stock: yes, every answer, since 2.2 — OpenTSDB/opentsdb:src/tsd/PipelineFactory.java puts
   * Netty's HttpContentCompressor (gzip or deflate as negotiated, level 6) in the pipeline; the
   * emulator does gzip only.
   * ovh: no — ovh/erlenmeyer:cmd/root.go uses its middlewares.Gzip(), which only inflates gzipped
   * request bodies (middlewares/gzip.go), and no compressing middleware; whatever sits in front
   * of the proxy in OVH's platform is not public, so an identity answer is what the code shows.
   */
  readonly gzipAnswers: boolean;
  /** Decodes a JSON request body; throws a TsdbError worded as this server words it. */
  decodeJson(text: string): unknown;
  /** Validates a query body; throws a TsdbError worded as this server words it. */
  parse(body: unknown, nowMs: number): ParsedQuery;
  /** The error for a verb a known endpoint does not take. */
  wrongMethod(method: string, path: string, allowed: string): TsdbError;
  /** How this server writes an error. */
  errorAnswer(error: TsdbError): HttpAnswer;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Stock OpenTSDB 2.4: JSON errors `{"error": {"code", "message", "details"?}}`. */
export const STOCK_FLAVOUR: OpenTsdbFlavour = {
  name: 'stock',
  dialect: {
    buckets: 'epoch',
    forcedDownsample: null,
    fillNoneSpansRange: false,
    unknownNames: 'fail',
    crossSeries: 'per-aggregator',
    rate: 'per-series',
    aggregateTags: 'varied',
    dropNonFinite: false,
    dropEmptyResults: false,
    queryEcho: 'showQuery',
    arraysParameter: true,
    subSecondStamps: true,
  },
  routes: ['query', 'put', 'version', 'aggregators'],
  version: { version: '2.4.0-emulator' },
  aggregatorNames: [...AGGREGATORS.keys()].sort(),
  jsonType: JSON_TYPE,
  jsonSuffix: '',
  gzipAnswers: true,
  decodeJson(text) {
    if (text.trim() === '') {
      throw badRequest(
        'Missing message content',
        'Supply valid JSON formatted data in the body of your request',
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw badRequest('Unable to parse the given JSON', String(error));
    }
  },
  parse: parseQuery,
  wrongMethod(method, path, allowed) {
    const hint = path === '/api/query' ? ' (GET with m= parameters is not implemented by this emulator)' : '';
    return new TsdbError(
      405,
      `Method not allowed: ${method} ${path} accepts ${allowed} only${hint}`,
      undefined,
      {
        Allow: allowed,
      },
    );
  },
  errorAnswer(error) {
    const body = {
      error: {
        code: error.status,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
    return { status: error.status, contentType: JSON_TYPE, body: JSON.stringify(body) };
  },
};

const OVH_RULES: OvhQueryRules = {
  aggregators: OVH_AGGREGATORS,
  downsamplers: OVH_DOWNSAMPLERS,
  fillPolicies: FILL_POLICIES.filter((f) => f !== 'null'),
};

/** OVH's OpenTSDB endpoint (ovh/erlenmeyer): Go's `http.Error` plain text for every error. */
export const OVH_FLAVOUR: OpenTsdbFlavour = {
  name: 'ovh',
  dialect: {
    buckets: 'end',
    forcedDownsample: {
      fn: OVH_DOWNSAMPLERS.get('avg') as Aggregator,
      spansMs: [
        SECOND,
        5 * SECOND,
        10 * SECOND,
        15 * SECOND,
        30 * SECOND,
        MINUTE,
        10 * MINUTE,
        15 * MINUTE,
        30 * MINUTE,
        HOUR,
        2 * HOUR,
        4 * HOUR,
        6 * HOUR,
        12 * HOUR,
        24 * HOUR,
        7 * 24 * HOUR,
      ],
      maxBuckets: 1000,
    },
    fillNoneSpansRange: true,
    unknownNames: 'no-data',
    crossSeries: 'present-only',
    rate: 'after-aggregation',
    aggregateTags: 'group-by',
    dropNonFinite: true,
    dropEmptyResults: true,
    queryEcho: 'index',
    arraysParameter: false,
    subSecondStamps: false,
  },
  routes: ['query', 'aggregators'],
  // Not served: the proxy has no /api/version.
  version: {},
  aggregatorNames: [...new Set([...OVH_AGGREGATORS.keys(), ...OVH_DOWNSAMPLERS.keys()])].sort(),
  jsonType: 'application/json',
  jsonSuffix: '\n',
  gzipAnswers: false,
  decodeJson(text) {
    try {
      return JSON.parse(text);
    } catch {
      throw badRequest("can't parse query");
    }
  },
  parse: (body, nowMs) => parseOvhQuery(body, nowMs, OVH_RULES),
  wrongMethod(method, path, allowed) {
    if (path === '/api/query' && method === 'GET')
      return new TsdbError(501, 'Please use the POST version of queries');
    if (path === '/api/query' && method === 'DELETE') {
      return new TsdbError(501, 'Deleting data is not supported by this emulator');
    }
    const allow = path === '/api/query' ? 'POST, DELETE' : allowed;
    return new TsdbError(405, `Method '${method}' is not allowed`, undefined, { Allow: allow });
  },
  errorAnswer(error) {
    return {
      status: error.status,
      contentType: 'text/plain; charset=utf-8',
      body: `${error.message}\n`,
      headers: { 'X-Content-Type-Options': 'nosniff' },
    };
  },
};

const FLAVOURS: Readonly<Record<FlavourName, OpenTsdbFlavour>> = { stock: STOCK_FLAVOUR, ovh: OVH_FLAVOUR };

/** The flavour of that name, or the flavour itself when one is passed. */
export function flavourOf(flavour: FlavourName | OpenTsdbFlavour | undefined): OpenTsdbFlavour {
  if (flavour === undefined) return STOCK_FLAVOUR;
  if (typeof flavour !== 'string') return flavour;
  const found = FLAVOURS[flavour];
  if (!found)
    throw new Error(`Unknown OpenTSDB flavour '${String(flavour)}': use ${FLAVOUR_NAMES.join(' or ')}`);
  return found;
}
