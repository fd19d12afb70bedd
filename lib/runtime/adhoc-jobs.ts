/**
 * The worker's on-demand jobs over a Runtime: the job record names what to build; the build is
 * the runtime's one builder, its progress recorded on the job. Also the in-process queue that
 * runs them inside `npm run serve`.
 */
import { describeError } from '../core/errors.ts';
import type { QueuedJob } from '../core/ports.ts';
import { type AdhocJobStatus, runAdhocJob } from '../deliver/http/on-demand-jobs.ts';
import { createInProcessQueue, type InProcessQueue } from '../deliver/queue/in-process-queue.ts';
import type { FunctionLogger } from './logger.ts';
import type { Runtime } from './open-runtime.ts';
import { runJob } from './report-jobs.ts';

/** Builds the on-demand job `jobId` with the runtime's builder and store. */
export function runAdhoc(
  runtime: Runtime,
  logger: FunctionLogger,
  jobId: string,
  signal?: AbortSignal,
): Promise<AdhocJobStatus> {
  const deps = {
    store: runtime.store,
    build: runtime.build,
    now: runtime.now,
    leaseMs: runtime.config.schedule.leaseSeconds * 1000,
    logger,
  };
  return runAdhocJob(deps, jobId, signal);
}

/**
 * A queue that runs every job in this process, for a runtime created after it (`runtime()` is
 * read when a job runs): `npm run serve`'s worker.
 */
export function inProcessWorker(runtime: () => Runtime, logger: FunctionLogger): InProcessQueue {
  return createInProcessQueue(
    async (job: QueuedJob) => {
      if (job.kind === 'adhoc') {
        const status = await runAdhoc(runtime(), logger, job.jobId);
        logger.info(`job ${status}`, { jobId: job.jobId, status });
      } else {
        await runJob(runtime(), job);
      }
    },
    (error, job) => {
      const { code, message } = describeError(error);
      logger.error('job failed', { job, code, errorMessage: message });
    },
  );
}
