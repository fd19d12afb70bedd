/**
 * The SQS worker: one report job per message (weekly delivery or monthly archive of one service,
 * or an on-demand report the API accepted with 202), run by Powertools' batch processor. It answers with the messages that failed
 * (ReportBatchItemFailures), so only those are retried and, after the queue's maxReceiveCount,
 * land in the dead-letter queue — malformed ones included. A batch whose every message failed is
 * answered the same way, not thrown: the queue then retries exactly those messages.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { describeError } from '../core/errors.ts';
import { decodeQueuedJob } from '../deliver/queue/job-message.ts';
import { runAdhoc } from './adhoc-jobs.ts';
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

/** The worker's Lambda handler over the runtime, logging each message's outcome to `logger`. */
export function workerHandler(runtime: Runtime, logger: FunctionLogger) {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event: unknown, context?: LambdaContext): Promise<SqsBatchResponse> => {
    logInvocation(logger, context);
    const batch = sqsEventSchema.parse(event);
    const signal = deadlineSignal(context);
    const runRecord = async (record: { messageId: string; body: string }) => {
      try {
        const job = decodeQueuedJob(record.body);
        if (job.kind === 'adhoc') {
          const status = await runAdhoc(runtime, logger, job.jobId, signal);
          logger.info(`job ${status}`, { messageId: record.messageId, jobId: job.jobId, status });
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
