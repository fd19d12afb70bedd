/** The HTTP API over a Runtime: what the Lambda function and `npm run serve` both run. */
import { performance } from 'node:perf_hooks';
import { fromHttpApiEvent, type HttpApiResult, toHttpApiResult } from '../deliver/http/lambda-http.ts';
import { createOnDemandJobs } from '../deliver/http/on-demand-jobs.ts';
import { createReportApi } from '../deliver/http/report-api.ts';
import type { ApiRequest, ApiResponse } from '../deliver/http/types.ts';
import { deadlineSignal, type LambdaContext, logInvocation } from './lambda.ts';
import { createLogger, type FunctionLogger } from './logger.ts';
import type { Runtime } from './open-runtime.ts';

export interface HttpApiOptions {
  /** Where requests are logged; by default a Powertools Logger at the configured level. */
  readonly logger?: FunctionLogger;
  /** Milliseconds from any origin, for the logged latencies; `performance.now` by default. */
  readonly clockMs?: () => number;
}

/** The API's request handler for this runtime's configuration. */
export function createHttpApi(
  runtime: Runtime,
  options: HttpApiOptions = {},
): (request: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse> {
  const { config } = runtime;
  const onDemand = createOnDemandJobs({
    store: runtime.store,
    build: runtime.build,
    settleMs: config.http.settleMinutes * 60_000,
    queue: runtime.queue,
    now: runtime.now,
    leaseMs: config.schedule.leaseSeconds * 1000,
    syncMaxPoints: config.http.syncMaxPoints,
    estimatePoints: runtime.estimatePoints,
  });
  return createReportApi({
    keys: config.http.apiKeys,
    store: runtime.store,
    produce: (query, options) => onDemand.request(query, options),
    defaults: { timeZone: config.timeZone, language: config.language },
    limits: {
      maxSpanDays: config.http.maxSpanDays,
      inlineMaxBytes: config.http.inlineMaxKb * 1024,
      linkTtlSeconds: config.http.linkTtlSeconds,
    },
    now: runtime.now,
    clockMs: options.clockMs ?? (() => performance.now()),
    logger: options.logger ?? createLogger(config.logLevel),
  });
}

/** The Lambda handler of the API (API Gateway HTTP API, payload 2.0) over the runtime. */
export function httpApiHandler(
  runtime: Runtime,
  options: HttpApiOptions & { readonly logger: FunctionLogger },
) {
  const api = createHttpApi(runtime, options);
  return async (event: unknown, context?: LambdaContext): Promise<HttpApiResult> => {
    logInvocation(options.logger, context);
    return toHttpApiResult(await api(fromHttpApiEvent(event), deadlineSignal(context)));
  };
}
