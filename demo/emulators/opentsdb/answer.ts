/**
 * `/api/query` end to end, without HTTP: body → validated query → results → JSON chunks, in the
 * chosen flavour's rules and format. The server calls this; engine tests can too.
 */
import { type FlavourName, flavourOf, type OpenTsdbFlavour } from './flavour.ts';
import { executeQuery } from './query.ts';
import { serializeResults } from './serialize.ts';
import type { SeriesStore } from './store.ts';

export interface AnswerOptions {
  readonly nowMs: number;
  /** `?arrays` was in the query string (honoured only where the flavour does). */
  readonly arrays?: boolean;
  /** See EngineOptions.skipUnresolvedTagvs. */
  readonly skipUnresolvedTagvs?: boolean;
  /** 'stock' by default. */
  readonly flavour?: FlavourName | OpenTsdbFlavour;
}

/** The JSON response chunks for a query body; throws a TsdbError for an error answer. */
export function answerQuery(store: SeriesStore, body: unknown, options: AnswerOptions): string[] {
  const flavour = flavourOf(options.flavour);
  const { dialect } = flavour;
  const query = flavour.parse(body, options.nowMs);
  const results = executeQuery(store, query, {
    dialect,
    skipUnresolvedTagvs: options.skipUnresolvedTagvs ?? false,
  });
  return serializeResults(results, query, {
    arrays: dialect.arraysParameter && (options.arrays ?? false),
    queryEcho: dialect.queryEcho,
    subSecondStamps: dialect.subSecondStamps,
  });
}
