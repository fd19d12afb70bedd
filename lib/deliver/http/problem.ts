/**
 * RFC 9457 problem details (`application/problem+json`). Client errors say what to fix; server
 * and upstream errors say only that they happened and the request id to quote — never internals.
 */
import type { ErrorDescription, ErrorStatus } from '../../core/errors.ts';
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
  /** Why a build failed, when it failed for lack of data rather than a defect (see FAILURE_CATEGORIES). */
  readonly category?: FailureCategory;
  /** How many further problems `errors` does not list; absent when it lists them all. */
  readonly moreErrors?: number;
}

/**
 * Builds that fail on purpose — the data could not make a trustworthy report — answer 502 with
 * the category of their cause, so a caller can tell a refused token from an outage without
 * seeing internals.
 */
export const FAILURE_CATEGORIES = {
  METRICS_AUTH: {
    category: 'metrics-auth',
    detail: 'The metrics endpoint refused the credentials, so no report was made.',
  },
  NO_DATA: { category: 'no-data', detail: 'No metrics arrived for the service, so no report was made.' },
  LOW_COVERAGE: {
    category: 'low-coverage',
    detail: 'Too few of the expected samples arrived for a report, so none was made.',
  },
} as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[keyof typeof FAILURE_CATEGORIES]['category'];

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

/** The 400 answered for an invalid query: its listed problems, in `detail` too, and the count of the rest. */
export function invalidRequestProblem(
  problems: readonly FieldProblem[],
  moreProblems: number,
  requestId: string,
): Problem {
  const listed = problems.map((p) => `${p.field}: ${p.message}`).join(' ');
  return {
    type: PROBLEM_TYPES.invalid,
    title: 'Invalid request',
    status: 400,
    detail: moreProblems > 0 ? `${listed} And ${moreProblems} more problems, not listed.` : listed,
    requestId,
    errors: problems,
    ...(moreProblems > 0 ? { moreErrors: moreProblems } : {}),
  };
}

interface FailureProblem {
  readonly type: string;
  readonly title: string;
  readonly explains: boolean;
  /** Said instead of the error's message when that is not shown. */
  readonly detail: string;
}

/**
 * The problem answered for a failure, by the status `describeError` gives it. Those that explain
 * show an exposed error's message; the others say only what kind of failure it was.
 */
const FAILURES: Readonly<Record<ErrorStatus, FailureProblem>> = {
  404: {
    type: PROBLEM_TYPES.notFound,
    title: 'Not found',
    explains: true,
    detail: 'Nothing matches the request.',
  },
  500: {
    type: PROBLEM_TYPES.internal,
    title: 'Internal error',
    explains: false,
    detail: 'The report could not be produced.',
  },
  501: {
    type: PROBLEM_TYPES.unavailable,
    title: 'Not available',
    explains: true,
    detail: 'This deployment does not produce what was asked.',
  },
  502: {
    type: PROBLEM_TYPES.upstream,
    title: 'Upstream failure',
    explains: false,
    detail: 'A service the report depends on failed.',
  },
};

/**
 * The problem answered for a failed request. When `explained` is false the client sees only the
 * request id to quote, and the failure must be logged under it.
 */
export function failureProblem(
  failure: ErrorDescription,
  requestId: string,
): { readonly problem: Problem; readonly explained: boolean } {
  const { type, title, explains, detail } = FAILURES[failure.status];
  const explained = explains && failure.expose;
  const known =
    failure.code in FAILURE_CATEGORIES
      ? FAILURE_CATEGORIES[failure.code as keyof typeof FAILURE_CATEGORIES]
      : null;
  return {
    problem: {
      type,
      title,
      status: failure.status,
      detail: explained
        ? failure.message
        : `${known?.detail ?? detail} Quote request id ${requestId} when reporting it.`,
      requestId,
      ...(known ? { category: known.category } : {}),
    },
    explained,
  };
}
