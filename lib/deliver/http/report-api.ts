/**
 * The HTTP API, transport-free: `GET /v1/reports` and `GET /v1/openapi.json`. The Lambda handler
 * and the local server (`npm run serve`) both adapt their requests to this.
 *
 * Order of checks: 401 (no valid key) → 400 (every invalid parameter) → 403 (the key may not read
 * that service, whether it exists or not) → the report. Bodies above the inline limit are
 * answered 303 with a presigned URL; a store that cannot sign (a local folder) serves them.
 */
import { describeError } from '../../core/errors.ts';
import type { VersionedObjectStore } from '../../core/ports.ts';
import type { Language } from '../../core/types.ts';
import { type ApiKey, authenticate, mayRead } from './api-keys.ts';
import type { Artefact } from './on-demand.ts';
import { openApiDocument } from './openapi.ts';
import { parseReportQuery, type ReportQuery } from './parse-query.ts';
import { failureProblem, invalidRequestProblem, PROBLEM_TYPES, problemResponse } from './problem.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

export interface ReportApiDeps {
  readonly keys: readonly ApiKey[];
  readonly store: VersionedObjectStore;
  readonly produce: (query: ReportQuery, signal?: AbortSignal) => Promise<Artefact>;
  readonly defaults: { readonly timeZone: string; readonly language: Language };
  readonly limits: {
    readonly maxSpanDays: number;
    readonly inlineMaxBytes: number;
    readonly linkTtlSeconds: number;
  };
  readonly now: () => Date;
  /** Where failures are logged with their request id (the client sees only the id). */
  readonly log: (entry: Readonly<Record<string, unknown>>) => void;
}

export const API_PATHS = { reports: '/v1/reports', openapi: '/v1/openapi.json' } as const;

/** Creates the API's request handler. */
export function createReportApi(
  deps: ReportApiDeps,
): (request: ApiRequest, signal?: AbortSignal) => Promise<ApiResponse> {
  const document = `${JSON.stringify(openApiDocument(deps.limits.maxSpanDays), null, 2)}\n`;

  return async (request, signal) => {
    const requestId = request.requestId;
    const path = request.path.replace(/\/+$/, '') || '/';
    if (path !== API_PATHS.reports && path !== API_PATHS.openapi) {
      return problemResponse({
        type: PROBLEM_TYPES.notFound,
        title: 'Not found',
        status: 404,
        detail: `No resource at ${path}; see ${API_PATHS.openapi}.`,
        requestId,
      });
    }
    if (request.method !== 'GET') {
      return problemResponse(
        {
          type: PROBLEM_TYPES.method,
          title: 'Method not allowed',
          status: 405,
          detail: 'Only GET is supported.',
          requestId,
        },
        { allow: 'GET' },
      );
    }
    if (path === API_PATHS.openapi) {
      return {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'public, max-age=300',
          'x-request-id': requestId,
        },
        body: document,
      };
    }

    const key = authenticate(request.headers.authorization, deps.keys);
    if (!key) {
      return problemResponse(
        {
          type: PROBLEM_TYPES.unauthorized,
          title: 'Unauthorized',
          status: 401,
          detail: 'Send a valid API key as "Authorization: Bearer <key>".',
          requestId,
        },
        { 'www-authenticate': 'Bearer realm="vscope-reports"' },
      );
    }
    const parsed = parseReportQuery(request.rawQuery, {
      timeZone: deps.defaults.timeZone,
      language: deps.defaults.language,
      maxSpanDays: deps.limits.maxSpanDays,
      now: deps.now(),
    });
    if ('problems' in parsed) {
      return problemResponse(invalidRequestProblem(parsed.problems, parsed.moreProblems, requestId));
    }
    const query = parsed.query;
    if (!mayRead(key, query.service)) {
      return problemResponse({
        type: PROBLEM_TYPES.forbidden,
        title: 'Forbidden',
        status: 403,
        detail: 'This API key may not read that service.',
        requestId,
      });
    }

    let artefact: Artefact;
    try {
      artefact = await deps.produce(query, signal);
    } catch (error) {
      return failure(deps, error, requestId, key.id);
    }
    deps.log({
      level: 'info',
      requestId,
      apiKey: key.id,
      key: artefact.key,
      reused: artefact.reused,
      bytes: artefact.head.bytes,
    });
    return respond(deps, artefact, query, requestId);
  };
}

async function respond(
  deps: ReportApiDeps,
  artefact: Artefact,
  query: ReportQuery,
  requestId: string,
): Promise<ApiResponse> {
  const disposition = `${query.format === 'csv' ? 'attachment' : 'inline'}; filename="${artefact.fileName}"`;
  if (artefact.head.bytes > deps.limits.inlineMaxBytes) {
    const url = await deps.store.presign(artefact.key, {
      expiresInSeconds: deps.limits.linkTtlSeconds,
      downloadName: artefact.fileName,
    });
    if (url) {
      return {
        status: 303,
        headers: {
          location: url,
          'cache-control': 'no-store',
          'x-request-id': requestId,
          'content-type': 'text/plain; charset=utf-8',
        },
        body: `See ${url}\n`,
      };
    }
  }
  const bytes = await deps.store.get(artefact.key);
  if (!bytes) return failure(deps, new Error(`artefact ${artefact.key} vanished`), requestId, null);
  // Text goes back as text: API Gateway then needs no base64 round trip.
  const body = query.format === 'pdf' ? bytes : new TextDecoder().decode(bytes);
  return {
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
}

function failure(deps: ReportApiDeps, error: unknown, requestId: string, apiKey: string | null): ApiResponse {
  const failed = describeError(error);
  const { problem, explained } = failureProblem(failed, requestId);
  if (!explained) {
    const { code, message, context } = failed;
    deps.log({ level: 'error', requestId, apiKey, code, message, context });
  }
  return problemResponse(problem);
}
