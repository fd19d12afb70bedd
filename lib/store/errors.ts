/**
 * The one store failure callers act on: a conditional write whose condition no longer holds
 * (HTTP 412 on S3). Everything else stays a plain StoreError.
 */
import { StoreError } from '../core/errors.ts';
import type { WriteCondition } from '../core/ports.ts';

/** A conditional write found the key taken (`ifNoneMatch`) or at another version (`ifMatch`). */
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
