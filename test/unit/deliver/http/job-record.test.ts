import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../demo/memory-store.ts';
import { customPeriod } from '../../../../lib/core/period.ts';
import {
  claimJob,
  isActive,
  JobProgress,
  jobIdOf,
  readJob,
} from '../../../../lib/deliver/http/job-record.ts';
import type { ReportQuery } from '../../../../lib/deliver/http/parse-query.ts';

const query: ReportQuery = {
  service: 'pcc-192-0-2-10',
  datacenter: null,
  period: customPeriod('2026-11-09', '2026-11-16T08:30', 'Europe/Paris'),
  format: 'csv',
  language: 'fr',
  table: 'hosts',
};
const at = new Date('2026-12-01T00:00:00Z');

describe('on-demand job records', () => {
  it('lets one claim win, counts a claim as alive within the lease only, and stops a taken-over build', async () => {
    const store = createMemoryStore();
    const id = jobIdOf('k/hosts.csv');
    const lease = 60_000;
    const claim = { query, artefactKey: 'k/hosts.csv', state: 'running' as const, now: at, leaseMs: lease };
    const first = await claimJob(store, claim);
    if (!first) throw new Error('the first claim must win');
    expect(first.record.id).toBe(id);
    expect(await claimJob(store, claim)).toBeNull();
    const read = await readJob(store, id);
    if (!read) throw new Error('the claim must be stored');
    expect(read.record.claimId).toBe(first.record.claimId);
    expect(read.record.expiresAt).toBe('2026-12-01T00:01:00.000Z');
    expect(isActive(read.record, at.getTime() + lease - 1)).toBe(true);
    expect(isActive(read.record, at.getTime() + lease)).toBe(false);

    const later = new Date(at.getTime() + lease);
    const taker = await claimJob(store, { ...claim, now: later, previous: read });
    expect(taker?.record.claimedAt).toBe(later.toISOString());
    // The first build no longer holds the record: its writes are not applied.
    const stale = new JobProgress(store, first, () => later);
    await stale.done();
    expect(stale.lost).toBe(true);
    expect((await readJob(store, id))?.record).toMatchObject({
      state: 'running',
      claimId: taker?.record.claimId,
    });
  });

  it('records each stage once, in order, then done', async () => {
    const store = createMemoryStore();
    const job = await claimJob(store, {
      query,
      artefactKey: 'k/x.json',
      state: 'running',
      now: at,
      leaseMs: 60_000,
    });
    if (!job) throw new Error('the first claim must win');
    const progress = new JobProgress(store, job, () => at);
    const seen: string[] = [];
    for (const stage of ['discover', 'fetch', 'fetch', 'aggregate']) {
      progress.stage(stage, `${stage} detail`);
      await progress.settled();
      seen.push((await readJob(store, job.record.id))?.record.progress.stage ?? '');
    }
    await progress.done();
    expect(seen).toEqual(['discover', 'fetch', 'fetch', 'aggregate']);
    expect((await readJob(store, job.record.id))?.record).toMatchObject({
      state: 'done',
      progress: { stage: 'done' },
    });
  });
});
