/**
 * The record of an on-demand job, `jobs/<id>.json` in the store: what to build, its state and
 * progress. It is also the single-flight marker of the artefact it builds:
 *
 *   - the job id is derived from the artefact's key, so equal requests name the same job;
 *   - the request that starts a build creates the record with `If-None-Match: *` (S3's
 *     conditional PUT, an atomic link on a local folder): of two instances racing, one wins and
 *     the other joins the job;
 *   - every later write (running, progress, done, failed) is `If-Match` on the version read or
 *     written last, so a build that was taken over stops writing;
 *   - a queued or running record past its `expiresAt` belongs to a build that died: the next
 *     request or worker claims it again, as it does a failed one or one whose artefact is no
 *     longer reusable. The claim sets it: the worker's lease (at least the worker's timeout)
 *     for a queued or worker-run job, a minute for a build within an HTTP request.
 *
 *   queued ──worker claims──▶ running ──▶ done | failed
 *   (running directly when the API builds within the request)
 *
 * The record holds the parsed query and problem details only: never a key, token or message
 * that could carry a secret.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PreconditionFailedError, StoreError } from '../../core/errors.ts';
import type { PutOptions, VersionedObjectStore, WriteCondition } from '../../core/ports.ts';
import { CSV_FILES, LANGUAGES } from '../../core/types.ts';
import { jobKey } from '../../store/keys.ts';
import { REPORT_FORMATS, type ReportQuery } from './parse-query.ts';
import { FAILURE_CATEGORIES, type FailureCategory, type Problem } from './problem.ts';

const CATEGORIES = Object.values(FAILURE_CATEGORIES).map((c) => c.category) as [
  FailureCategory,
  ...FailureCategory[],
];

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

const periodSchema = z.strictObject({
  kind: z.enum(['week', 'month', 'custom']),
  label: z.string(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  timeZone: z.string(),
});

const querySchema = z.strictObject({
  service: z.string(),
  datacenter: z.string().nullable(),
  period: periodSchema,
  format: z.enum(REPORT_FORMATS),
  language: z.enum(LANGUAGES),
  table: z.enum(CSV_FILES),
});

const problemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  category: z.enum(CATEGORIES).optional(),
});

const recordSchema = z.strictObject({
  v: z.literal(1),
  id: z.string(),
  state: z.enum(JOB_STATES),
  /** Who holds the claim: a fresh id per claim, so a taken-over build can tell. */
  claimId: z.string(),
  claimedAt: z.iso.datetime(),
  /** After this, a queued or running job is dead (its build cannot still be running). */
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  query: querySchema,
  artefactKey: z.string(),
  progress: z.strictObject({ stage: z.string(), detail: z.string() }),
  /** Why the job failed, as the client sees it (a failed job only). */
  problem: problemSchema.optional(),
});

export type JobRecord = z.infer<typeof recordSchema>;
/** A record as read, with the version a conditional write must match. */
export interface StoredJob {
  readonly record: JobRecord;
  readonly etag: string;
}

/** The problem a failed job keeps: what the client may see, without the request id. */
export type JobProblem = Pick<Problem, 'type' | 'title' | 'status' | 'detail' | 'category'>;

const OPTIONS: PutOptions = { contentType: 'application/json' };

/** The job id of an artefact: 24 hex digits of SHA-256 over its key. */
export function jobIdOf(artefactKey: string): string {
  return createHash('sha256').update(artefactKey).digest('hex').slice(0, 24);
}

/** The job record `id`, or null when there is none. */
export async function readJob(store: VersionedObjectStore, id: string): Promise<StoredJob | null> {
  const stored = await store.read(jobKey(id));
  if (!stored) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(stored.body));
  } catch (cause) {
    throw new StoreError(`Job record ${jobKey(id)} is not JSON.`, { cause, context: { key: jobKey(id) } });
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    throw new StoreError(`Job record ${jobKey(id)} is malformed; delete it to start the job again.`, {
      context: { key: jobKey(id) },
    });
  }
  return { record: parsed.data, etag: stored.etag };
}

/** Whether a build is under way for the record: queued or running, and not past its lease. */
export function isActive(record: JobRecord, nowMs: number): boolean {
  if (record.state !== 'queued' && record.state !== 'running') return false;
  return nowMs < Date.parse(record.expiresAt);
}

async function write(
  store: VersionedObjectStore,
  record: JobRecord,
  condition: WriteCondition,
): Promise<StoredJob | null> {
  try {
    const out = await store.putIf(jobKey(record.id), `${JSON.stringify(record)}\n`, OPTIONS, condition);
    return { record, etag: out.etag };
  } catch (error) {
    if (error instanceof PreconditionFailedError) return null;
    throw error;
  }
}

export interface ClaimRequest {
  readonly query: ReportQuery;
  readonly artefactKey: string;
  readonly state: 'queued' | 'running';
  readonly now: Date;
  /** How long the claim holds: at least the timeout of whatever runs the build. */
  readonly leaseMs: number;
  /** The record read before, to take over (failed, stale or done); absent to create one. */
  readonly previous?: StoredJob | null;
}

/** Creates or takes over the record of `artefactKey`'s job; null when another claim won. */
export async function claimJob(store: VersionedObjectStore, claim: ClaimRequest): Promise<StoredJob | null> {
  const at = claim.now.toISOString();
  const { period } = claim.query;
  const record: JobRecord = {
    v: 1,
    id: jobIdOf(claim.artefactKey),
    state: claim.state,
    claimId: randomUUID(),
    claimedAt: at,
    expiresAt: new Date(claim.now.getTime() + claim.leaseMs).toISOString(),
    createdAt: at,
    updatedAt: at,
    query: {
      ...claim.query,
      period: {
        kind: period.kind,
        label: period.label,
        startMs: period.startMs,
        endMs: period.endMs,
        timeZone: period.timeZone,
      },
    },
    artefactKey: claim.artefactKey,
    progress: { stage: claim.state, detail: claim.state === 'queued' ? 'waiting for a worker' : 'starting' },
  };
  const condition: WriteCondition = claim.previous ? { ifMatch: claim.previous.etag } : { ifNoneMatch: '*' };
  return write(store, record, condition);
}

/** Takes over a queued or stale record for a worker: running, with a new claim id. */
export async function startJob(
  store: VersionedObjectStore,
  job: StoredJob,
  now: Date,
  leaseMs: number,
): Promise<StoredJob | null> {
  const at = now.toISOString();
  const record: JobRecord = {
    ...job.record,
    state: 'running',
    claimId: randomUUID(),
    claimedAt: at,
    expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
    updatedAt: at,
    progress: { stage: 'running', detail: 'starting' },
  };
  return write(store, record, { ifMatch: job.etag });
}

/**
 * The writes of one claimed build, each If-Match on the last: progress at stage boundaries, then
 * done or failed. Once another claim has taken the record over, nothing more is written.
 */
export class JobProgress {
  #job: StoredJob;
  #lost = false;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: VersionedObjectStore,
    job: StoredJob,
    private readonly now: () => Date,
  ) {
    this.#job = job;
  }

  /** The record as last written. */
  get record(): JobRecord {
    return this.#job.record;
  }

  /** Whether another claim took the record over. */
  get lost(): boolean {
    return this.#lost;
  }

  #update(change: Partial<JobRecord>): Promise<void> {
    const next = this.#writes.then(async () => {
      if (this.#lost) return;
      const record = { ...this.#job.record, ...change, updatedAt: this.now().toISOString() };
      const written = await write(this.store, record, { ifMatch: this.#job.etag });
      if (written) this.#job = written;
      else this.#lost = true;
    });
    // A failed progress write must not stop the build; the final write reports it.
    this.#writes = next.catch(() => undefined);
    return next;
  }

  /** Records the stage the build reached; only when it changes (not every fetched request). */
  stage(stage: string, detail: string): void {
    if (stage === this.#job.record.progress.stage) return;
    this.#update({ progress: { stage, detail } }).catch(() => undefined);
  }

  /** Waits for the progress writes under way. */
  settled(): Promise<unknown> {
    return this.#writes;
  }

  done(): Promise<void> {
    return this.#update({ state: 'done', progress: { stage: 'done', detail: 'artefact stored' } });
  }

  failed(problem: JobProblem): Promise<void> {
    return this.#update({ state: 'failed', progress: { stage: 'failed', detail: problem.title }, problem });
  }
}
