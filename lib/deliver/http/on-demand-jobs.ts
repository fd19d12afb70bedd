/**
 * On-demand reports, synchronous or asynchronous, one build per artefact:
 *
 *   1 a stored, reusable artefact is served (on-demand.ts);
 *   2 a build under way for the same artefact (a fresh queued or running job record) is joined:
 *     within this instance by awaiting it, from another instance by answering 202 with its job;
 *   3 otherwise the request claims the job record (a conditional write, see job-record.ts) and
 *      - with `Prefer: respond-async`, when the estimated points exceed the synchronous budget,
 *        or when the job failed before, queues the job for the worker and answers 202;
 *      - else builds here, recording progress, and serves the artefact.
 *
 * Without a queue (none configured) every build is synchronous, as before.
 * The worker's side is `runAdhocJob`.
 */
import { describeError } from '../../core/errors.ts';
import type { JobQueue, ProgressListener, ServiceReportRequest } from '../../core/ports.ts';
import {
  claimJob,
  isActive,
  type JobProblem,
  JobProgress,
  type JobRecord,
  jobIdOf,
  readJob,
  type StoredJob,
  startJob,
} from './job-record.ts';
import {
  type Artefact,
  artefactBuildRequest,
  builtArtefact,
  isReusable,
  locateArtefact,
  type OnDemandDeps,
} from './on-demand.ts';
import type { ReportQuery } from './parse-query.ts';
import { failureProblem } from './problem.ts';
import type { ApiLogger } from './types.ts';

export interface OnDemandJobDeps extends OnDemandDeps {
  /** Where accepted jobs go (SQS, or the in-process queue of `npm run serve`); null: build in place. */
  readonly queue: JobQueue | null;
  readonly now: () => Date;
  /** A queued or worker-run job claimed longer ago than this is dead and may be claimed again. */
  readonly leaseMs: number;
  /** Builds estimated above this many points are answered 202 and built by the worker. */
  readonly syncMaxPoints: number;
  /** Points the build of `request` would fetch (the fetch stage's plan over the inventory). */
  readonly estimatePoints: (request: ServiceReportRequest, signal?: AbortSignal) => Promise<number>;
}

/**
 * How long a build within a request holds its claim: the HTTP function's timeout is 29 s (API
 * Gateway's limit), so a claim a minute old is of an invocation that died.
 */
export const INLINE_LEASE_MS = 60_000;

export type OnDemandOutcome =
  | { readonly kind: 'artefact'; readonly artefact: Artefact }
  | { readonly kind: 'accepted'; readonly job: JobRecord };

export interface OnDemandJobs {
  /** The artefact of `query`, or the job that will build it. */
  request(
    query: ReportQuery,
    options: { readonly preferAsync: boolean; readonly signal?: AbortSignal },
  ): Promise<OnDemandOutcome>;
}

/** The problem a failed job keeps, as the API would answer it (details only if exposed). */
export function jobProblem(error: unknown, jobId: string): { problem: JobProblem; explained: boolean } {
  const { problem, explained } = failureProblem(describeError(error), jobId);
  const { type, title, status, detail, category } = problem;
  return { problem: { type, title, status, detail, ...(category ? { category } : {}) }, explained };
}

/** Builds `query` under the claim `job`, recording progress, then done or failed. */
async function buildClaimed(
  deps: Pick<OnDemandJobDeps, 'store' | 'build' | 'now'>,
  job: StoredJob,
  query: ReportQuery,
  signal?: AbortSignal,
): Promise<Artefact> {
  const progress = new JobProgress(deps.store, job, deps.now);
  const onProgress: ProgressListener = (event) => progress.stage(event.stage, event.detail);
  try {
    await deps.build(artefactBuildRequest(query), signal, onProgress);
    const artefact = await builtArtefact(deps.store, query);
    await progress.settled();
    await progress.done();
    return artefact;
  } catch (error) {
    await progress.settled();
    await progress.failed(jobProblem(error, job.record.id).problem);
    throw error;
  }
}

/** The on-demand service of one API instance; builds within the instance are shared in memory. */
export function createOnDemandJobs(deps: OnDemandJobDeps): OnDemandJobs {
  const inflight = new Map<string, Promise<OnDemandOutcome>>();

  const joined = async (id: string): Promise<OnDemandOutcome> => {
    const current = await readJob(deps.store, id);
    if (!current) throw new Error(`job ${id} was claimed but its record is missing`);
    return { kind: 'accepted', job: current.record };
  };

  async function start(
    query: ReportQuery,
    artefactKey: string,
    preferAsync: boolean,
    signal?: AbortSignal,
  ): Promise<OnDemandOutcome> {
    const id = jobIdOf(artefactKey);
    const existing = await readJob(deps.store, id);
    if (existing && isActive(existing.record, deps.now().getTime())) {
      return { kind: 'accepted', job: existing.record };
    }
    const queue = deps.queue;
    // A job that failed is retried by the worker: a synchronous build cut by the request's
    // deadline would otherwise fail the same way at every request.
    const asynchronous =
      queue !== null &&
      (preferAsync ||
        existing?.record.state === 'failed' ||
        (await deps.estimatePoints(artefactBuildRequest(query), signal)) > deps.syncMaxPoints);
    const claimed = await claimJob(deps.store, {
      query,
      artefactKey,
      state: asynchronous ? 'queued' : 'running',
      now: deps.now(),
      leaseMs: asynchronous ? deps.leaseMs : INLINE_LEASE_MS,
      previous: existing,
    });
    if (!claimed) return joined(id);
    if (!queue || !asynchronous) {
      return { kind: 'artefact', artefact: await buildClaimed(deps, claimed, query, signal) };
    }
    try {
      await queue.enqueue([{ kind: 'adhoc', jobId: id }]);
    } catch (error) {
      await new JobProgress(deps.store, claimed, deps.now).failed(jobProblem(error, id).problem);
      throw error;
    }
    return { kind: 'accepted', job: claimed.record };
  }

  return {
    async request(query, { preferAsync, signal }) {
      const { key } = locateArtefact(query);
      const head = await deps.store.head(key);
      if (head && isReusable(head, query, deps.settleMs)) {
        const { contentType, fileName } = locateArtefact(query);
        return { kind: 'artefact', artefact: { key, head, contentType, fileName, reused: true } };
      }
      const id = jobIdOf(key);
      const running = inflight.get(id);
      if (running) return running;
      const outcome = start(query, key, preferAsync, signal).finally(() => inflight.delete(id));
      inflight.set(id, outcome);
      return outcome;
    },
  };
}

export type AdhocJobStatus =
  | 'done'
  | 'failed'
  | 'missing'
  | 'already-done'
  | 'already-failed'
  | 'in-progress';

export interface AdhocJobDeps extends Pick<OnDemandJobDeps, 'store' | 'build' | 'now' | 'leaseMs'> {
  readonly logger: ApiLogger;
}

/**
 * The worker's part: builds the job `jobId` unless it is finished or another build holds a fresh
 * claim. A failed build is recorded on the job (the client reads it) and not thrown: retrying
 * the message would find the job failed; the client's next request starts it again.
 */
export async function runAdhocJob(
  deps: AdhocJobDeps,
  jobId: string,
  signal?: AbortSignal,
): Promise<AdhocJobStatus> {
  const job = await readJob(deps.store, jobId);
  if (!job) return 'missing';
  const { record } = job;
  if (record.state === 'done') return 'already-done';
  if (record.state === 'failed') return 'already-failed';
  if (record.state === 'running' && isActive(record, deps.now().getTime())) {
    return 'in-progress';
  }
  const started = await startJob(deps.store, job, deps.now(), deps.leaseMs);
  if (!started) return 'in-progress';
  try {
    await buildClaimed(deps, started, record.query, signal);
    return 'done';
  } catch (error) {
    const { problem, explained } = jobProblem(error, jobId);
    if (!explained) {
      const { code, message, context } = describeError(error);
      deps.logger.error('job failed', { jobId, code, errorMessage: message, context });
    }
    deps.logger.warn('job failed', { jobId, problemType: problem.type, status: problem.status });
    return 'failed';
  }
}
