/**
 * A JobQueue that runs each job in this process, one after the other, as the worker would:
 * `npm run serve` uses it so asynchronous on-demand requests work without SQS. Jobs run after
 * `enqueue` returns; a failing job is handed to `onError` and the next one runs.
 */
import type { JobQueue, QueuedJob } from '../../core/ports.ts';

export interface InProcessQueue extends JobQueue {
  /** Resolves once every job enqueued so far has run. */
  idle(): Promise<void>;
}

/** Creates the queue over the worker's job runner. */
export function createInProcessQueue(
  run: (job: QueuedJob) => Promise<void>,
  onError: (error: unknown, job: QueuedJob) => void,
): InProcessQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    async enqueue(jobs) {
      for (const job of jobs) {
        tail = tail.then(() => run(job)).catch((error: unknown) => onError(error, job));
      }
      return { enqueued: jobs.length };
    },
    idle: () => tail,
  };
}
