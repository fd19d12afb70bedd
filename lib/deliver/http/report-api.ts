/**
 * The HTTP API, transport-free: `GET /v1/reports` and `GET /v1/openapi.json`. The Lambda handler
 * and the local server (`npm run serve`) both adapt their requests to this.
 *
 * Order of checks: 401 (no valid key) → 400 (every invalid parameter) → 403 (the key may not read
 * that service, whether it exists or not) → the report. Bodies above the inline limit are
 * answered 303 with a presigned URL; a store that cannot sign (a local folder) serves them.
 * A report the worker builds is answered 202 with `Location: /v1/jobs/{id}` (on-demand-jobs.ts,
 * job-api.ts).
 *
 * Every request is logged once it is answered: method, path, status, latency, the API key's id
 * (never the key) and, for a problem, its type.
 */
import { describeError } from '../../core/errors.ts';
import type { VersionedObjectStore } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';
import { type ApiKey, authenticate, mayRead } from './api-keys.ts';
import { acceptedResponse, answerJob, JOBS_PATH, prefersAsync } from './job-api.ts';
import type { Artefact } from './on-demand.ts';
import type { OnDemandOutcome } from './on-demand-jobs.ts';
import { openApiDocument } from './openapi.ts';
import { parseReportQuery, type ReportQuery } from './parse-query.ts';
import {
  failureProblem,
  invalidRequestProblem,
  PROBLEM_TYPES,
  type Problem,
  problemResponse,
} from './problem.ts';
import type { ApiLogger, ApiRequest, ApiResponse } from './types.ts';

export interface ReportApiDeps {
  readonly keys: readonly ApiKey[];
  readonly store: VersionedObjectStore;
  /** The artefact of a request, or the job that builds it (on-demand-jobs.ts). */
  readonly produce: (
    query: ReportQuery,
    options: { readonly preferAsync: boolean; readonly signal?: AbortSignal },
  ) => Promise<OnDemandOutcome>;
  readonly defaults: { readonly timeZone: string; readonly language: Language };
  readonly limits: {
    readonly maxSpanDays: number;
    readonly inlineMaxBytes: number;
    readonly linkTtlSeconds: number;
  };
  readonly now: () => Date;
  /** Milliseconds from any origin, for latencies (`performance.now` outside tests). */
  readonly clockMs: () => number;
  /** Where each request is logged, and failures with their request id (the client sees only the id). */
  readonly logger: ApiLogger;
}

/** A response, with what its log line says of it beyond the request. */
interface Answer {
  readonly response: ApiResponse;
  /** Id of the API key presented, when it is a configured one. */
  readonly apiKey: string | null;
  readonly problemType?: string;
}

function problemAnswer(
  problem: Problem,
  apiKey: string | null,
  headers: Readonly<Record<string, string>> = {},
): Answer {
  return { response: problemResponse(problem, headers), apiKey, problemType: problem.type };
}

export const API_PATHS = { reports: '/v1/reports', openapi: '/v1/openapi.json', jobs: JOBS_PATH } as const;

/** Creates the API's request handler. */
export function createReportApi(
  deps: ReportApiDeps,
): (request: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse> {
  const document = `${JSON.stringify(openApiDocument(deps.limits.maxSpanDays), null, 2)}\n`;

  const answer = async (request: ApiRequest, path: string, signal?: AbortSignal): Promise<Answer> => {
    const requestId = request.requestId;
    const isJob = path.startsWith(API_PATHS.jobs);
    if (path !== API_PATHS.reports && path !== API_PATHS.openapi && !isJob) {
      return problemAnswer(
        {
          type: PROBLEM_TYPES.notFound,
          title: 'Not found',
          status: 404,
          detail: `No resource at ${path}; see ${API_PATHS.openapi}.`,
          requestId,
        },
        null,
      );
    }
    if (request.method !== 'GET') {
      return problemAnswer(
        {
          type: PROBLEM_TYPES.method,
          title: 'Method not allowed',
          status: 405,
          detail: 'Only GET is supported.',
          requestId,
        },
        null,
        { allow: 'GET' },
      );
    }
    if (path === API_PATHS.openapi) {
      const response = {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'public, max-age=300',
          'x-request-id': requestId,
        },
        body: document,
      };
      return { response, apiKey: null };
    }

    const key = authenticate(request.headers.authorization, deps.keys);
    if (!key) {
      return problemAnswer(
        {
          type: PROBLEM_TYPES.unauthorized,
          title: 'Unauthorized',
          status: 401,
          detail: 'Send a valid API key as "Authorization: Bearer <key>".',
          requestId,
        },
        null,
        { 'www-authenticate': 'Bearer realm="vscope-reports"' },
      );
    }
    if (isJob) return jobAnswer(deps, path.slice(API_PATHS.jobs.length), key, requestId);
    const parsed = parseReportQuery(request.rawQuery, {
      timeZone: deps.defaults.timeZone,
      language: deps.defaults.language,
      maxSpanDays: deps.limits.maxSpanDays,
      now: deps.now(),
    });
    if ('problems' in parsed) {
      return problemAnswer(invalidRequestProblem(parsed.problems, parsed.moreProblems, requestId), key.id);
    }
    const query = parsed.query;
    if (!mayRead(key, query.service)) {
      return problemAnswer(
        {
          type: PROBLEM_TYPES.forbidden,
          title: 'Forbidden',
          status: 403,
          detail: 'This API key may not read that service.',
          requestId,
        },
        key.id,
      );
    }

    const preferAsync = prefersAsync(request.headers.prefer);
    let outcome: OnDemandOutcome;
    try {
      outcome = await deps.produce(query, { preferAsync, ...(signal ? { signal } : {}) });
    } catch (error) {
      return problemAnswer(failure(deps, error, requestId, key.id), key.id);
    }
    if (outcome.kind === 'accepted') {
      deps.logger.info('job accepted', {
        requestId,
        apiKey: key.id,
        jobId: outcome.job.id,
        state: outcome.job.state,
      });
      return { response: acceptedResponse(outcome.job, requestId, preferAsync), apiKey: key.id };
    }
    const { artefact } = outcome;
    deps.logger.info('artefact served', {
      requestId,
      apiKey: key.id,
      key: artefact.key,
      reused: artefact.reused,
      bytes: artefact.head.bytes,
    });
    return respond(deps, artefact, query, requestId, key.id);
  };

  return async (request, signal) => {
    const started = deps.clockMs();
    const path = request.path.replace(/\/+$/, '') || '/';
    const line = { requestId: request.requestId, method: request.method, path };
    let answered: Answer;
    try {
      answered = await answer(request, path, signal);
    } catch (error) {
      // Not answered here: the transport turns it into a bare 500, logged as such.
      const latencyMs = Math.round(deps.clockMs() - started);
      deps.logger.error('request', { ...line, status: 500, latencyMs, code: describeError(error).code });
      throw error;
    }
    const { response, apiKey, problemType } = answered;
    const status = response.status;
    const entry = {
      ...line,
      status,
      latencyMs: Math.round(deps.clockMs() - started),
      apiKey,
      ...(problemType ? { problemType } : {}),
    };
    if (status >= 500) deps.logger.error('request', entry);
    else if (status >= 400) deps.logger.warn('request', entry);
    else deps.logger.info('request', entry);
    return response;
  };
}

/** `GET /v1/jobs/{id}`, for an authenticated key. */
async function jobAnswer(deps: ReportApiDeps, id: string, key: ApiKey, requestId: string): Promise<Answer> {
  let answered: Awaited<ReturnType<typeof answerJob>>;
  try {
    const { store, now } = deps;
    answered = await answerJob(
      { store, now, linkTtlSeconds: deps.limits.linkTtlSeconds },
      id,
      (service) => mayRead(key, service),
      requestId,
    );
  } catch (error) {
    return problemAnswer(failure(deps, error, requestId, key.id), key.id);
  }
  return 'type' in answered ? problemAnswer(answered, key.id) : { response: answered, apiKey: key.id };
}

async function respond(
  deps: ReportApiDeps,
  artefact: Artefact,
  query: ReportQuery,
  requestId: string,
  apiKey: string,
): Promise<Answer> {
  const disposition = `${query.format === 'csv' ? 'attachment' : 'inline'}; filename="${artefact.fileName}"`;
  if (artefact.head.bytes > deps.limits.inlineMaxBytes) {
    const url = await deps.store.presign(artefact.key, {
      expiresInSeconds: deps.limits.linkTtlSeconds,
      downloadName: artefact.fileName,
    });
    if (url) {
      const response = {
        status: 303,
        headers: {
          location: url,
          'cache-control': 'no-store',
          'x-request-id': requestId,
          'content-type': 'text/plain; charset=utf-8',
        },
        body: `See ${url}\n`,
      };
      return { response, apiKey };
    }
  }
  const bytes = await deps.store.get(artefact.key);
  if (!bytes)
    return problemAnswer(
      failure(deps, new Error(`artefact ${artefact.key} vanished`), requestId, apiKey),
      apiKey,
    );
  // Text goes back as text: API Gateway then needs no base64 round trip.
  const body = query.format === 'pdf' ? bytes : new TextDecoder().decode(bytes);
  const response = {
    status: 200,
    headers: {
      'content-type': artefact.contentType,
      'content-disposition': disposition,
      'cache-control': 'private, no-cache',
      ...(artefact.head.etag ? { etag: artefact.head.etag } : {}),
      'x-request-id': requestId,
    },
    body,
  };
  return { response, apiKey };
}

/** The problem answered for a failure, logged with its details when the client sees only the id. */
function failure(deps: ReportApiDeps, error: unknown, requestId: string, apiKey: string | null): Problem {
  const failed = describeError(error);
  const { problem, explained } = failureProblem(failed, requestId);
  if (!explained) {
    const { code, message, context } = failed;
    deps.logger.error('failure', { requestId, apiKey, code, errorMessage: message, context });
  }
  return problem;
}
