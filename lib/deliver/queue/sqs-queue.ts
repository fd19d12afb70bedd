/**
 * JobQueue on SQS: SendMessageBatch, ten messages per call (SQS's limit). A message refused in a
 * batch fails the whole enqueue, naming how many: the scheduler is retried, and duplicates are
 * harmless (deliveries are idempotent).
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeliveryError } from '../../core/errors.ts';
import type { JobQueue, QueuedJob } from '../../core/ports.ts';
import { encodeJob } from './job-message.ts';
import { encodePartJob, type PartJob, type PartQueue } from './part-message.ts';

const BATCH = 10;

export interface SqsSettings {
  readonly queueUrl: string;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Builds the SQS client once (module scope in handlers). */
export function createSqsClient(settings: Omit<SqsSettings, 'queueUrl'>): SQSClient {
  return new SQSClient({
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
  });
}

/** A JobQueue that sends to `queueUrl`; it also takes the datacenter jobs of a fanned-out report. */
export function createSqsQueue(client: SQSClient, queueUrl: string): JobQueue & PartQueue {
  const send = async (bodies: readonly string[], what: string) => {
    let enqueued = 0;
    for (let i = 0; i < bodies.length; i += BATCH) {
      const batch = bodies.slice(i, i + BATCH);
      let failed: number;
      try {
        const out = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((body, n) => ({ Id: String(n), MessageBody: body })),
          }),
        );
        failed = out.Failed?.length ?? 0;
        enqueued += out.Successful?.length ?? 0;
      } catch (cause) {
        throw new DeliveryError(`Could not queue ${batch.length} ${what}(s) (${(cause as Error).name}).`, {
          cause,
        });
      }
      if (failed > 0) throw new DeliveryError(`SQS refused ${failed} of ${batch.length} ${what}(s).`);
    }
    return { enqueued };
  };
  return {
    enqueue: (jobs: readonly QueuedJob[]) => send(jobs.map(encodeJob), 'report job'),
    enqueueParts: (parts: readonly PartJob[]) => send(parts.map(encodePartJob), 'datacenter job'),
  };
}
