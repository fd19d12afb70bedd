/**
 * JSON rendering of query results, as stock's HttpJsonSerializer writes them: `dps` as an object
 * keyed by timestamp (or `[[ts, v]]` with `?arrays`), seconds unless msResolution, NaN as the
 * string "NaN" (JSON has no NaN) or as null when the sub-query's fill policy is `null`.
 * Output is a list of chunks, one per result, so a large answer is never one giant string.
 */
import type { ParsedQuery } from './parse-query.ts';
import type { GroupResult } from './query.ts';

export interface SerializeOptions {
  /** `?arrays` in the query string. */
  readonly arrays: boolean;
}

function numberText(v: number, nullForNaN: boolean): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return nullForNaN ? 'null' : '"NaN"';
  return v > 0 ? '"Infinity"' : '"-Infinity"';
}

function dpsText(result: GroupResult, msResolution: boolean, nullForNaN: boolean, arrays: boolean): string {
  const { timestamps: ts, values: vs } = result;
  const parts = new Array<string>(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const t = msResolution ? (ts[i] as number) : Math.floor((ts[i] as number) / 1000);
    const v = numberText(vs[i] as number, nullForNaN);
    parts[i] = arrays ? `[${t},${v}]` : `"${t}":${v}`;
  }
  return arrays ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** The response body as chunks that concatenate to one JSON array. */
export function serializeResults(
  results: readonly GroupResult[],
  query: ParsedQuery,
  options: SerializeOptions,
): string[] {
  if (results.length === 0) return ['[]'];
  const chunks: string[] = [];
  results.forEach((r, i) => {
    const sub = query.queries[r.queryIndex];
    const nullForNaN = sub?.downsample?.fill === 'null';
    const head = `{"metric":${JSON.stringify(r.metric)},"tags":${JSON.stringify(r.tags)},"aggregateTags":${JSON.stringify(r.aggregateTags)}`;
    const echo = query.showQuery && sub ? `,"query":${JSON.stringify(sub.echo)}` : '';
    const dps = dpsText(r, query.msResolution, nullForNaN, options.arrays);
    chunks.push(`${i === 0 ? '[' : ','}${head}${echo},"dps":${dps}}`);
  });
  chunks.push(']');
  return chunks;
}
