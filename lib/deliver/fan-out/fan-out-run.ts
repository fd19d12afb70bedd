/**
 * A service's weekly or monthly job split per datacenter, through the store alone (no database):
 *
 *   runs/<service>/<kind>/<period>/<runId>/parts/<index>.json   one per datacenter, written by its job
 *   runs/<service>/<kind>/<period>/<runId>/compose.json         the compose claim
 *
 *   1 each datacenter job writes its part (a plain PUT: a redelivered job rewrites its own part
 *     with the same content, so retries are idempotent), then lists the run's parts;
 *   2 the job that sees every part present claims the composition by creating compose.json
 *     with `If-None-Match: *`; S3's strong read-after-write and list consistency makes the job
 *     whose part landed last see them all, and the condition lets exactly one of several
 *     finishers that saw them all through;
 *   3 the claimant composes (and delivers), then marks the claim `done` (`If-Match` on its claim);
 *     on failure it marks it `failed`, so the retried message may claim again. A claim older
 *     than the lease (the worker's timeout) belongs to a composer that died: the redelivered
 *     message of that composer takes it over with `If-Match` on its ETag.
 *
 * The claim is the same mechanism as the weekly delivery marker (weekly-delivery.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ERROR_CODES, PreconditionFailedError } from '../../core/errors.ts';
import type { PutOptions, VersionedObjectStore, WriteCondition } from '../../core/ports.ts';
import type { PartJob } from '../queue/part-message.ts';

/** The prefix of one fan-out run. */
export function runPrefix(part: Pick<PartJob, 'job' | 'runId'>): string {
  const { job, runId } = part;
  return `runs/${job.serviceName}/${job.kind}/${job.period}/${runId}/`;
}

/** Where a datacenter's part is stored. */
export function partKey(part: Pick<PartJob, 'job' | 'runId' | 'index'>): string {
  return `${runPrefix(part)}parts/${String(part.index).padStart(4, '0')}.json`;
}

/** Where the run's compose claim is stored. */
export function composeClaimKey(part: Pick<PartJob, 'job' | 'runId'>): string {
  return `${runPrefix(part)}compose.json`;
}

const claimSchema = z.object({
  state: z.enum(['claimed', 'done', 'failed']),
  claimId: z.string(),
  claimedAt: z.string(),
  doneAt: z.string().optional(),
  error: z.string().optional(),
});
type Claim = z.infer<typeof claimSchema>;

const JSON_OPTIONS: PutOptions = { contentType: 'application/json' };

/** A claim that is not one (a torn or foreign write) counts as failed: taken over, never trusted as done. */
function parseClaim(body: Uint8Array): Claim {
  let json: unknown = null;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    // Falls through to a failed claim.
  }
  const parsed = claimSchema.safeParse(json);
  return parsed.success
    ? parsed.data
    : { state: 'failed', claimId: 'unreadable', claimedAt: new Date(0).toISOString() };
}

const writeClaim = (store: VersionedObjectStore, key: string, claim: Claim, condition: WriteCondition) =>
  store.putIf(key, `${JSON.stringify(claim, null, 2)}\n`, JSON_OPTIONS, condition);

export interface FanOutDeps {
  readonly store: VersionedObjectStore;
  readonly now: () => Date;
}

export type PartOutcome<T> =
  /** The part is stored; other datacenters' parts are still to come. */
  | { readonly status: 'part-stored'; readonly present: number; readonly count: number }
  /** Every part is in, and another job holds (or held) the compose claim. */
  | { readonly status: 'composed-elsewhere'; readonly state: 'claimed' | 'done' }
  /** This job composed the report. */
  | { readonly status: 'composed'; readonly result: T };

/**
 * Stores a datacenter's part; when it completes the run, claims the composition and runs
 * `compose` with the keys of every part, in the datacenters' order.
 */
export async function finishPart<T>(
  deps: FanOutDeps,
  request: { readonly part: PartJob; readonly leaseSeconds: number },
  body: Uint8Array | string,
  compose: (partKeys: readonly string[]) => Promise<T>,
): Promise<PartOutcome<T>> {
  const { store } = deps;
  const { part } = request;
  await store.put(partKey(part), body, JSON_OPTIONS);

  const expected = Array.from({ length: part.count }, (_, index) => partKey({ ...part, index }));
  const listed = new Set(await store.list(`${runPrefix(part)}parts/`));
  const present = expected.filter((key) => listed.has(key)).length;
  if (present < part.count) return { status: 'part-stored', present, count: part.count };

  const key = composeClaimKey(part);
  const version = await store.read(key);
  const current = version ? { claim: parseClaim(version.body), etag: version.etag } : null;
  const nowMs = deps.now().getTime();
  if (current?.claim.state === 'done') return { status: 'composed-elsewhere', state: 'done' };
  if (
    current?.claim.state === 'claimed' &&
    nowMs - Date.parse(current.claim.claimedAt) < request.leaseSeconds * 1000
  ) {
    return { status: 'composed-elsewhere', state: 'claimed' };
  }
  const claim: Claim = { state: 'claimed', claimId: randomUUID(), claimedAt: new Date(nowMs).toISOString() };
  let claimEtag: string;
  try {
    const written = await writeClaim(
      store,
      key,
      claim,
      current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
    );
    claimEtag = written.etag;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return { status: 'composed-elsewhere', state: 'claimed' };
    throw error;
  }

  try {
    const result = await compose(expected);
    const done: Claim = { ...claim, state: 'done', doneAt: deps.now().toISOString() };
    await writeClaim(store, key, done, { ifMatch: claimEtag }).catch((error: unknown) => {
      // Our claim was taken over (we outlived the lease); the report is stored all the same.
      if (!(error instanceof PreconditionFailedError)) throw error;
    });
    return { status: 'composed', result };
  } catch (error) {
    const failed: Claim = {
      ...claim,
      state: 'failed',
      error: (error as { code?: string }).code ?? ERROR_CODES.unexpected,
    };
    await writeClaim(store, key, failed, { ifMatch: claimEtag }).catch(() => undefined);
    throw error;
  }
}
