import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../demo/memory-store.ts';
import { composeClaimKey, finishPart, partKey } from '../../../../lib/deliver/fan-out/fan-out-run.ts';
import type { PartJob } from '../../../../lib/deliver/queue/part-message.ts';

const job = {
  kind: 'weekly',
  serviceName: 'pcc-192-0-2-10',
  period: '2026-W47',
  timeZone: 'Europe/Paris',
} as const;
const part = (index: number, count = 3): PartJob => ({
  kind: 'part',
  job,
  runId: '11111111-2222-4333-8444-555555555555',
  datacenterTag: `dc${index}`,
  index,
  count,
});
const LEASE = 900;
const T0 = Date.parse('2026-11-30T08:00:00Z');

function clock(startMs = T0) {
  let ms = startMs;
  return { now: () => new Date(ms), advance: (seconds: number) => (ms += seconds * 1000) };
}

describe('finishPart', () => {
  it('stores each part, and composes once, with every part in datacenter order, when the last is in', async () => {
    const store = createMemoryStore();
    const deps = { store, now: clock().now };
    const composed: (readonly string[])[] = [];
    const compose = async (keys: readonly string[]) => {
      composed.push(keys);
      return 'report';
    };
    expect(await finishPart(deps, { part: part(2), leaseSeconds: LEASE }, 'two', compose)).toEqual({
      status: 'part-stored',
      present: 1,
      count: 3,
    });
    expect(await finishPart(deps, { part: part(0), leaseSeconds: LEASE }, 'zero', compose)).toEqual({
      status: 'part-stored',
      present: 2,
      count: 3,
    });
    expect(await finishPart(deps, { part: part(1), leaseSeconds: LEASE }, 'one', compose)).toEqual({
      status: 'composed',
      result: 'report',
    });
    expect(composed).toEqual([[partKey(part(0)), partKey(part(1)), partKey(part(2))]]);
    expect(new TextDecoder().decode((await store.get(partKey(part(1)))) ?? new Uint8Array())).toBe('one');
    // A redelivered datacenter job rewrites its part and composes nothing more.
    expect(await finishPart(deps, { part: part(0), leaseSeconds: LEASE }, 'zero', compose)).toEqual({
      status: 'composed-elsewhere',
      state: 'done',
    });
    expect(composed).toHaveLength(1);
  });

  it('lets one of two jobs storing the last parts at the same moment compose', async () => {
    // Every store operation yields first, so the two jobs interleave step by step.
    const store = createMemoryStore();
    const deps = { store, now: clock().now };
    let composes = 0;
    const compose = async () => ++composes;
    await finishPart(deps, { part: part(0), leaseSeconds: LEASE }, 'zero', compose);
    const outcomes = await Promise.all([
      finishPart(deps, { part: part(1), leaseSeconds: LEASE }, 'one', compose),
      finishPart(deps, { part: part(2), leaseSeconds: LEASE }, 'two', compose),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['composed', 'composed-elsewhere']);
    expect(composes).toBe(1);
    expect(store.stats.preconditionFailures).toBe(1);
  });

  it('takes over the claim of a composer that died once the lease is over, not before', async () => {
    const store = createMemoryStore();
    const time = clock();
    const deps = { store, now: time.now };
    await finishPart(deps, { part: part(0, 2), leaseSeconds: LEASE }, 'zero', async () => 'unused');
    // The composer claims, then its process ends without a word.
    let started: () => void = () => undefined;
    const composing = new Promise<void>((resolve) => {
      started = resolve;
    });
    void finishPart(deps, { part: part(1, 2), leaseSeconds: LEASE }, 'one', () => {
      started();
      return new Promise(() => {});
    });
    await composing;
    expect(
      JSON.parse(new TextDecoder().decode((await store.get(composeClaimKey(part(0)))) ?? new Uint8Array())),
    ).toMatchObject({ state: 'claimed' });
    time.advance(LEASE - 1);
    expect(
      await finishPart(deps, { part: part(1, 2), leaseSeconds: LEASE }, 'one', async () => 'again'),
    ).toEqual({
      status: 'composed-elsewhere',
      state: 'claimed',
    });
    time.advance(2);
    expect(
      await finishPart(deps, { part: part(1, 2), leaseSeconds: LEASE }, 'one', async () => 'again'),
    ).toEqual({
      status: 'composed',
      result: 'again',
    });
  });

  it('marks a failed composition, so that the retried job composes', async () => {
    const store = createMemoryStore();
    const deps = { store, now: clock().now };
    await finishPart(deps, { part: part(0, 2), leaseSeconds: LEASE }, 'zero', async () => 'unused');
    await expect(
      finishPart(deps, { part: part(1, 2), leaseSeconds: LEASE }, 'one', async () => {
        throw Object.assign(new Error('renderer crashed'), { code: 'RENDER' });
      }),
    ).rejects.toThrow('renderer crashed');
    expect(
      JSON.parse(new TextDecoder().decode((await store.get(composeClaimKey(part(0)))) ?? new Uint8Array())),
    ).toMatchObject({ state: 'failed', error: 'RENDER' });
    expect(
      await finishPart(deps, { part: part(1, 2), leaseSeconds: LEASE }, 'one', async () => 'ok'),
    ).toEqual({
      status: 'composed',
      result: 'ok',
    });
  });
});
