/**
 * SQS worker: one report job per message (weekly delivery or monthly archive of one service).
 * Answers with the messages that failed (ReportBatchItemFailures), so only those are retried and,
 * after the queue's maxReceiveCount, land in the dead-letter queue — malformed ones included.
 * Duplicated messages are harmless: deliveries and archives happen once per period.
 */
import { loadConfig } from '../lib/config/config.ts';
import { describeError } from '../lib/core/errors.ts';
import { decodeJob } from '../lib/deliver/queue/job-message.ts';
import {
  deadlineSignal,
  type LambdaContext,
  log,
  type SqsBatchResponse,
  sqsEventSchema,
} from '../lib/runtime/lambda.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { runJob } from '../lib/runtime/report-jobs.ts';

const runtime = openRuntime(loadConfig(process.env));

export async function handler(event: unknown, context?: LambdaContext): Promise<SqsBatchResponse> {
  const { Records } = sqsEventSchema.parse(event);
  const signal = deadlineSignal(context);
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  for (const record of Records) {
    try {
      const outcome = await runJob(runtime, decodeJob(record.body), signal);
      log({
        level: 'info',
        function: 'worker',
        messageId: record.messageId,
        job: outcome.job,
        status: outcome.status,
      });
    } catch (error) {
      const { code, message } = describeError(error);
      log({ level: 'error', function: 'worker', messageId: record.messageId, code, message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
