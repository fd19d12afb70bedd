import { answerQuery } from '../../../../demo/emulators/opentsdb/answer.ts';
import type { FlavourName } from '../../../../demo/emulators/opentsdb/flavour.ts';
import type { SeriesStore } from '../../../../demo/emulators/opentsdb/store.ts';

/** 2013-01-01T00:00:00Z in milliseconds, the base time of OpenTSDB's own downsampler tests. */
export const BASE = 1_356_998_400_000;

export interface ResultObject {
  metric: string;
  tags: Record<string, string>;
  aggregateTags: string[];
  query?: { index: number } & Record<string, unknown>;
  dps: Record<string, number | string | null> | [number, number | string | null][];
}

/** Runs a query body through the engine and parses the JSON it would send. */
export function query(
  store: SeriesStore,
  body: unknown,
  options: { nowMs?: number; arrays?: boolean; skipUnresolvedTagvs?: boolean; flavour?: FlavourName } = {},
): ResultObject[] {
  const chunks = answerQuery(store, body, { nowMs: options.nowMs ?? BASE + 86_400_000, ...options });
  return JSON.parse(chunks.join('')) as ResultObject[];
}

/** The dps of a result as an object (fails on the arrays form). */
export function dpsOf(result: ResultObject | undefined): Record<string, number | string | null> {
  if (!result || Array.isArray(result.dps)) throw new Error('expected dps as an object');
  return result.dps;
}

/** Results keyed by a tag's value. */
export function byTag(results: readonly ResultObject[], tagk: string): Map<string, ResultObject> {
  return new Map(results.map((r) => [r.tags[tagk] ?? '', r]));
}
