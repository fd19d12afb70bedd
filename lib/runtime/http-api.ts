/** The HTTP API over a Runtime: what the Lambda function and `npm run serve` both run. */

import { produceArtefact } from '../deliver/http/on-demand.ts';
import { createReportApi } from '../deliver/http/report-api.ts';
import type { ApiRequest, ApiResponse } from '../deliver/http/types.ts';
import { log } from './lambda.ts';
import type { Runtime } from './open-runtime.ts';

/** The API's request handler for this runtime's configuration. */
export function createHttpApi(
  runtime: Runtime,
  logger: (entry: Readonly<Record<string, unknown>>) => void = log,
): (request: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse> {
  const { config } = runtime;
  const onDemand = {
    store: runtime.store,
    build: runtime.build,
    settleMs: config.http.settleMinutes * 60_000,
  };
  return createReportApi({
    keys: config.http.apiKeys,
    store: runtime.store,
    produce: (query, signal) => produceArtefact(onDemand, query, signal),
    defaults: { timeZone: config.timeZone, language: config.language },
    limits: {
      maxSpanDays: config.http.maxSpanDays,
      inlineMaxBytes: config.http.inlineMaxKb * 1024,
      linkTtlSeconds: config.http.linkTtlSeconds,
    },
    now: runtime.now,
    log: logger,
  });
}
