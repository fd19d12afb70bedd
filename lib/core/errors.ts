/**
 * One base error with a stable `code` and context fields. `expose` marks messages that are safe
 * to show to an end user as they are; anything else is reported as a generic failure.
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
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ErrorContext {
  readonly url?: string;
  readonly status?: number;
  readonly metric?: string;
  readonly component?: string;
  readonly key?: string;
  readonly [field: string]: unknown;
}

export class VscopeError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  readonly expose: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; context?: ErrorContext; expose?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = options.context ?? {};
    this.expose = options.expose ?? false;
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
  constructor(message: string, options: { cause?: unknown; context?: ErrorContext; expose?: boolean } = {}) {
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
