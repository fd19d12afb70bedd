/**
 * JSON rendering of query results, as stock's HttpJsonSerializer writes them: `dps` as an object
 * keyed by timestamp (or `[[ts, v]]` with `?arrays`), seconds unless msResolution, NaN as the
 * string "NaN" (JSON has no NaN) or as null when the sub-query's fill policy is `null`.
 * OVH's proxy writes `query: {index}` in every result, right after the tags, and drops the
 * milliseconds of its timestamps even with msResolution.
 * Output is a list of chunks, one per result, so a large answer is never one giant string.
 */
import type { ParsedQuery } from './parse-query.ts';
import type { GroupResult } from './query.ts';

export interface SerializeOptions {
  /** `?arrays` in the query string. */
  readonly arrays: boolean;
  /** The full sub-query echo with showQuery only (stock), or always `{"index": n}` (OVH). */
  readonly queryEcho?: 'showQuery' | 'index';
  /** false: timestamps are whole seconds even in milliseconds (OVH). */
  readonly subSecondStamps?: boolean;
}

function numberText(v: number, nullForNaN: boolean): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return nullForNaN ? 'null' : '"NaN"';
  return v > 0 ? '"Infinity"' : '"-Infinity"';
}

function stampText(ms: number, msResolution: boolean, subSecond: boolean): number {
  const seconds = Math.floor(ms / 1000);
  if (!msResolution) return seconds;
  return subSecond ? ms : seconds * 1000;
}

function dpsText(
  result: GroupResult,
  query: ParsedQuery,
  nullForNaN: boolean,
  options: SerializeOptions,
): string {
  const { timestamps: ts, values: vs } = result;
  const parts = new Array<string>(ts.length);
  const subSecond = options.subSecondStamps ?? true;
  for (let i = 0; i < ts.length; i++) {
    const t = stampText(ts[i] as number, query.msResolution, subSecond);
    const v = numberText(vs[i] as number, nullForNaN);
    parts[i] = options.arrays ? `[${t},${v}]` : `"${t}":${v}`;
  }
  return options.arrays ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** The response body as chunks that concatenate to one JSON array. */
export function serializeResults(
  results: readonly GroupResult[],
  query: ParsedQuery,
  options: SerializeOptions,
): string[] {
  if (results.length === 0) return ['[]'];
  const chunks: string[] = [];
  const indexOnly = options.queryEcho === 'index';
  results.forEach((r, i) => {
    const sub = query.queries[r.queryIndex];
    const nullForNaN = sub?.downsample?.fill === 'null';
    const metric = `{"metric":${JSON.stringify(r.metric)},"tags":${JSON.stringify(r.tags)}`;
    const aggregateTags = `,"aggregateTags":${JSON.stringify(r.aggregateTags)}`;
    const dps = `,"dps":${dpsText(r, query, nullForNaN, options)}}`;
    if (indexOnly) {
      chunks.push(`${i === 0 ? '[' : ','}${metric},"query":{"index":${r.queryIndex}}${aggregateTags}${dps}`);
      return;
    }
    const echo = query.showQuery && sub ? `,"query":${JSON.stringify(sub.echo)}` : '';
    chunks.push(`${i === 0 ? '[' : ','}${metric}${aggregateTags}${echo}${dps}`);
  });
  chunks.push(']');
  return chunks;
}
