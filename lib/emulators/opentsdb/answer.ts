/**
 * `/api/query` end to end, without HTTP: body → validated query → results → JSON chunks.
 * The server calls this; engine tests can too.
 */
import { parseQuery } from './parse-query.ts';
import { type EngineOptions, executeQuery } from './query.ts';
import { serializeResults } from './serialize.ts';
import type { SeriesStore } from './store.ts';

export interface AnswerOptions extends EngineOptions {
  readonly nowMs: number;
  readonly arrays?: boolean;
}

/** The JSON response chunks for a query body; throws a TsdbError for a 4xx answer. */
export function answerQuery(store: SeriesStore, body: unknown, options: AnswerOptions): string[] {
  const query = parseQuery(body, options.nowMs);
  const results = executeQuery(store, query, options);
  return serializeResults(results, query, { arrays: options.arrays ?? false });
}
