/**
 * One base error with a stable `code` and context fields. `expose` marks messages that are safe
 * to show to an end user as they are; anything else is reported as a generic failure. `status`
 * is the HTTP status an API answers for the error; `describeError` is what every reporter (logs,
 * the API, the command line) reads, whatever was thrown.
 *
 * The errors of the ports' contracts live here too, so that callers of a port and its
 * implementations agree on them without importing each other.
 */
import type { WriteCondition } from './ports.ts';

export const ERROR_CODES = {
  config: 'CONFIG_INVALID',
  metricsTransport: 'METRICS_TRANSPORT',
  metricsHttp: 'METRICS_HTTP',
  metricsPayload: 'METRICS_PAYLOAD',
  inventory: 'INVENTORY',
  period: 'PERIOD_INVALID',
  render: 'RENDER',
  store: 'STORE',
  delivery: 'DELIVERY',
  /** The metrics endpoint refused the credentials (401/403): every query would fail alike. */
  metricsAuth: 'METRICS_AUTH',
  /** No series at all arrived for the service's components. */
  noData: 'NO_DATA',
  /** Some series arrived, but coverage is under `report.minCoveragePct`. */
  lowCoverage: 'LOW_COVERAGE',
  /** Anything thrown that is not a VscopeError: a defect, or a library's own error let through. */
  unexpected: 'UNEXPECTED',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** HTTP statuses an error may carry; the HTTP layer has a problem type for each. */
export const ERROR_STATUSES = {
  notFound: 404,
  internal: 500,
  notImplemented: 501,
  badGateway: 502,
} as const;

export type ErrorStatus = (typeof ERROR_STATUSES)[keyof typeof ERROR_STATUSES];

/**
 * The status each code answers unless the error says otherwise. A failure of a service the report
 * depends on (metrics, APIv6, the store, or the settings that reach them) is a 502; a period met
 * after the API checked the request's own (400 there) is one the server built, hence a 500.
 */
export const DEFAULT_STATUS: Readonly<Record<ErrorCode, ErrorStatus>> = {
  CONFIG_INVALID: ERROR_STATUSES.badGateway,
  METRICS_TRANSPORT: ERROR_STATUSES.badGateway,
  METRICS_HTTP: ERROR_STATUSES.badGateway,
  METRICS_PAYLOAD: ERROR_STATUSES.badGateway,
  INVENTORY: ERROR_STATUSES.badGateway,
  PERIOD_INVALID: ERROR_STATUSES.internal,
  RENDER: ERROR_STATUSES.internal,
  STORE: ERROR_STATUSES.badGateway,
  DELIVERY: ERROR_STATUSES.internal,
  METRICS_AUTH: ERROR_STATUSES.badGateway,
  NO_DATA: ERROR_STATUSES.badGateway,
  LOW_COVERAGE: ERROR_STATUSES.badGateway,
  UNEXPECTED: ERROR_STATUSES.internal,
};

/** What went wrong on what. `status` here is one observed (an upstream's answer), not one to answer. */
export interface ErrorContext {
  readonly url?: string;
  readonly status?: number;
  readonly metric?: string;
  readonly component?: string;
  readonly key?: string;
  readonly [field: string]: unknown;
}

export interface VscopeErrorOptions {
  readonly cause?: unknown;
  readonly context?: ErrorContext;
  readonly expose?: boolean;
  /** HTTP status to answer when the error is exposed; the code's default when not given. */
  readonly status?: ErrorStatus;
}

export class VscopeError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  readonly expose: boolean;
  /** HTTP status to answer (see `describeError` for the one an unexposed error gets). */
  readonly status: ErrorStatus;

  constructor(code: ErrorCode, message: string, options: VscopeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
    this.expose = options.expose ?? false;
    this.status = options.status ?? DEFAULT_STATUS[code];
  }
}

/** Configuration is missing or malformed; the message names the key and the expected form. */
export class ConfigError extends VscopeError {
  constructor(message: string, context: ErrorContext = {}) {
    super(ERROR_CODES.config, message, { context, expose: true });
  }
}

/** The metrics endpoint could not be reached or did not answer in time. */
export class MetricsTransportError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.metricsTransport, message, options);
  }
}

/** The metrics endpoint answered with an HTTP error status. */
export class MetricsHttpError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.metricsHttp, message, options);
  }
}

/** The metrics endpoint answered 2xx with a body that is not an OpenTSDB query response. */
export class MetricsPayloadError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.metricsPayload, message, options);
  }
}

/** APIv6 refused or failed a call while listing the infrastructure or obtaining the metrics token. */
export class InventoryError extends VscopeError {
  constructor(message: string, options: VscopeErrorOptions = {}) {
    super(ERROR_CODES.inventory, message, options);
  }
}

/** A requested period is malformed (unknown time zone, end before start...). */
export class PeriodError extends VscopeError {
  constructor(message: string, context: ErrorContext = {}) {
    super(ERROR_CODES.period, message, { context, expose: true });
  }
}

/** A chart or document could not be produced. */
export class RenderError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.render, message, options);
  }
}

/** An object store operation failed. */
export class StoreError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.store, message, options);
  }
}

/** An e-mail could not be sent or a job could not be queued. */
export class DeliveryError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.delivery, message, options);
  }
}

/**
 * The metrics endpoint refused the credentials. Ends the run at once: a report built from no
 * data would only look like one.
 */
export class MetricsAuthError extends VscopeError {
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(ERROR_CODES.metricsAuth, message, { ...options, expose: true });
  }
}

/**
 * A run too empty to be a report: no series arrived, or coverage is under the configured floor.
 * The message names the cause and the fix; nothing of the run is stored.
 */
export class InsufficientDataError extends VscopeError {
  constructor(
    code: typeof ERROR_CODES.noData | typeof ERROR_CODES.lowCoverage,
    message: string,
    context: ErrorContext = {},
  ) {
    super(code, message, { context, expose: true });
  }
}

/**
 * The ObjectStore contract's one failure callers act on: a conditional write whose condition no
 * longer holds (HTTP 412 on S3), the key taken (`ifNoneMatch`) or at another version (`ifMatch`).
 * Everything else stays a plain StoreError.
 */
export class PreconditionFailedError extends StoreError {
  readonly condition: WriteCondition;

  constructor(key: string, condition: WriteCondition, options: { cause?: unknown } = {}) {
    const what =
      'ifNoneMatch' in condition ? 'already exists' : `is no longer at version ${condition.ifMatch}`;
    super(`Object '${key}' ${what}; the conditional write was not applied.`, {
      ...options,
      context: { key, status: 412 },
    });
    this.condition = condition;
  }
}

/** What every reporter (logs, the HTTP API, the command line) needs of a thrown value. */
export interface ErrorDescription {
  /** The VscopeError's code; UNEXPECTED for anything else. */
  readonly code: ErrorCode;
  /** What failed, for logs and operators, with URL credentials and secret parameters masked. */
  readonly message: string;
  /** `message` may be shown to an end user as it is. */
  readonly expose: boolean;
  /** HTTP status to answer. */
  readonly status: ErrorStatus;
  /** The error's context with secret-named fields and URL credentials masked. */
  readonly context: ErrorContext;
  /** Where an unexpected error was thrown (a VscopeError's message says what failed on what). */
  readonly stack?: string;
}

/**
 * Describes anything thrown. The status answered is the error's own when it is exposed; when it
 * is not, a client-error status (which would blame the request without saying why) becomes 500,
 * while a server-side one stands: which side failed says nothing internal.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof VscopeError) {
    return {
      code: error.code,
      message: maskSecrets(error.message),
      expose: error.expose,
      status: error.expose || error.status >= 500 ? error.status : ERROR_STATUSES.internal,
      context: maskContext(error.context, 0) as ErrorContext,
    };
  }
  return {
    code: ERROR_CODES.unexpected,
    message: maskSecrets(error instanceof Error ? error.message || error.name : printable(error)),
    expose: false,
    status: DEFAULT_STATUS.UNEXPECTED,
    context: {},
    ...(error instanceof Error && error.stack ? { stack: maskSecrets(error.stack) } : {}),
  };
}

const MASK = '***';
const SECRET_FIELD = /secret|token|passw|authorization|credential|signature|cookie|api_?key/i;
/** `scheme://user:pass@`, up to the last `@` before the path: a password may hold an `@`. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s?#]*@/gi;
const SECRET_PARAM =
  /([?&][^=&\s#]*(?:secret|token|passw|credential|signature|api_?key)[^=&\s#]*=)[^&\s#]*/gi;
/**
 * The credentials of an Authorization header a server echoes (`Basic <base64 of user:token>`);
 * a plain lower-case word after the scheme (`Basic authentication failed`) is prose, left alone.
 */
const AUTH_SCHEME =
  /\b(Basic|Bearer|basic|bearer|BASIC|BEARER)(\s+)(?![a-z]+(?![A-Za-z0-9+/._~%=-]))[A-Za-z0-9+/._~%-]{8,}={0,2}/g;
/** Deeper than any context we build; anything deeper is masked rather than walked. */
const MAX_CONTEXT_DEPTH = 4;

/**
 * `text` with the credentials any text may carry masked: a URL's user and password, a secret
 * query parameter, an Authorization header's credentials. What only the caller knows (a token
 * echoed bare) is the caller's to remove (lib/fetch/error-text.ts `redactor`).
 */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${MASK}@`)
    .replace(SECRET_PARAM, `$1${MASK}`)
    .replace(AUTH_SCHEME, `$1$2${MASK}`);
}

function maskContext(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_CONTEXT_DEPTH) return MASK;
  if (Array.isArray(value)) return value.map((item) => maskContext(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, item]) => [
      field,
      SECRET_FIELD.test(field) ? MASK : maskContext(item, depth + 1),
    ]),
  );
}

/** `String(value)`, which throws for objects without a usable `toString`. */
function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
