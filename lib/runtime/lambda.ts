/**
 * The Lambda event shapes the functions accept, as schemas (the handlers parse before acting),
 * the deadline every invocation works against, and the start of an invocation's log lines.
 */
import { z } from 'zod';
import type { FunctionLogger } from './logger.ts';

/** Lambda's context, reduced to what the handlers and their logger use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
}

/** Time kept back to write markers and log after an aborted build. */
export const SAFETY_MARGIN_MS = 10_000;

/** Aborts shortly before Lambda would kill the invocation. */
export function deadlineSignal(context: LambdaContext | undefined): AbortSignal | undefined {
  if (!context) return undefined;
  return AbortSignal.timeout(Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS));
}

/**
 * A scheduled invocation: EventBridge's event (ignored) or a manual replay naming the period,
 * `{"period":"2026-W47"}` (weekly) or `{"period":"2026-11"}` (monthly).
 */
export const scheduleEventSchema = z.looseObject({
  period: z
    .string()
    .regex(/^\d{4}-(W\d{2}|\d{2})$/, { error: 'expected 2026-W47 (weekly) or 2026-11 (monthly)' })
    .optional(),
});

/** An SQS event: the fields the worker reads of each record. */
export const sqsEventSchema = z.object({
  Records: z.array(
    z.looseObject({
      messageId: z.string(),
      body: z.string(),
      eventSource: z.literal('aws:sqs'),
    }),
  ),
});

/** The partial-batch answer (`ReportBatchItemFailures`): only these messages are retried. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Starts an invocation's log lines: from here on each carries the request id, the function's name
 * and whether this is the process's first invocation (cold start). Without a context (a local
 * call) the lines carry the service alone.
 */
export function logInvocation(logger: FunctionLogger, context: LambdaContext | undefined): void {
  if (context) logger.addContext(context);
}
