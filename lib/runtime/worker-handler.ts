/**
 * The SQS worker: one report job per message (weekly delivery or monthly archive of one service,
 * an on-demand report the API accepted with 202, or one datacenter's part of a weekly or monthly
 * job: fan-out-jobs.ts), run by Powertools' batch processor. It answers with the messages that failed
 * (ReportBatchItemFailures), so only those are retried and, after the queue's maxReceiveCount,
 * land in the dead-letter queue — malformed ones included. A batch whose every message failed is
 * answered the same way, not thrown: the queue then retries exactly those messages.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { describeError } from '../core/errors.ts';
import { decodeQueuedJob } from '../deliver/queue/job-message.ts';
import { decodePartJob } from '../deliver/queue/part-message.ts';
import { runAdhoc } from './adhoc-jobs.ts';
import { FAN_OUT_DEFAULTS, type FanOutPolicy, fanOutJob, runPartJob } from './fan-out-jobs.ts';
import {
  deadlineSignal,
  type LambdaContext,
  logInvocation,
  type SqsBatchResponse,
  sqsEventSchema,
} from './lambda.ts';
import type { FunctionLogger } from './logger.ts';
import type { Runtime } from './open-runtime.ts';
import { runJob } from './report-jobs.ts';

/**
 * The worker's Lambda handler over the runtime, logging each message's outcome to `logger`. A
 * service job whose report would not fit one job (`fanOut`) is split into datacenter jobs.
 */
export function workerHandler(
  runtime: Runtime,
  logger: FunctionLogger,
  options: { readonly fanOut?: FanOutPolicy } = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event: unknown, context?: LambdaContext): Promise<SqsBatchResponse> => {
    logInvocation(logger, context);
    const batch = sqsEventSchema.parse(event);
    const signal = deadlineSignal(context);
    const runRecord = async (record: { messageId: string; body: string }) => {
      try {
        const part = decodePartJob(record.body);
        if (part) {
          const done = await runPartJob(runtime, part, signal);
          logger.info(`datacenter job ${done.status}`, {
            messageId: record.messageId,
            job: part.job,
            runId: part.runId,
            datacenter: part.datacenterTag,
            ...(done.status === 'composed' ? { status: done.result.status } : {}),
          });
          return;
        }
        const queued = decodeQueuedJob(record.body);
        if (queued.kind === 'adhoc') {
          const status = await runAdhoc(runtime, logger, queued.jobId, signal);
          logger.info(`job ${status}`, { messageId: record.messageId, jobId: queued.jobId, status });
          return;
        }
        const job = queued;
        const fanned = await fanOutJob(runtime, job, options.fanOut ?? FAN_OUT_DEFAULTS, signal);
        if (fanned) {
          logger.info('job fanned out', {
            messageId: record.messageId,
            job,
            runId: fanned.runId,
            datacenters: fanned.parts.length,
          });
          return;
        }
        const outcome = await runJob(runtime, job, signal);
        logger.info(`job ${outcome.status}`, {
          messageId: record.messageId,
          job: outcome.job,
          status: outcome.status,
        });
      } catch (error) {
        const { code, message } = describeError(error);
        logger.error('job failed', { messageId: record.messageId, code, errorMessage: message });
        throw error;
      }
    };
    // One after the other, as the jobs share the function's memory and its deadline.
    return processPartialResponse(batch, runRecord, processor, {
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}
