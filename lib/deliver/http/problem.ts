/**
 * RFC 9457 problem details (`application/problem+json`). Client errors say what to fix; server
 * and upstream errors say only that they happened and the request id to quote — never internals.
 */
import type { FieldProblem } from './parse-query.ts';
import type { ApiResponse } from './types.ts';

export const PROBLEM_TYPES = {
  invalid: 'urn:vscope-reports:problem:invalid-request',
  unauthorized: 'urn:vscope-reports:problem:unauthorized',
  forbidden: 'urn:vscope-reports:problem:forbidden',
  notFound: 'urn:vscope-reports:problem:not-found',
  method: 'urn:vscope-reports:problem:method-not-allowed',
  unavailable: 'urn:vscope-reports:problem:not-available',
  upstream: 'urn:vscope-reports:problem:upstream-failure',
  internal: 'urn:vscope-reports:problem:internal-error',
} as const;

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId: string;
  readonly errors?: readonly FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem response. */
export function problemResponse(
  problem: Problem,
  headers: Readonly<Record<string, string>> = {},
): ApiResponse {
  return {
    status: problem.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      'cache-control': 'no-store',
      'x-request-id': problem.requestId,
      ...headers,
    },
    body: `${JSON.stringify(problem)}\n`,
  };
}
