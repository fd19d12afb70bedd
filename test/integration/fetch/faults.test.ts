import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import type { StalledRequest } from '../../../demo/emulators/opentsdb/faults.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { MetricsHttpError, MetricsPayloadError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { FETCH_DEFAULTS, fetchSeries } from '../../../lib/fetch/fetch-series.ts';
import { createOpenTsdbClient, type OpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { planQueries } from '../../../lib/fetch/plan-queries.ts';
import { sleep } from '../../../lib/fetch/retry-policy.ts';
import { instantWaits, scriptedAttemptTimers } from '../../support/scripted-timers.ts';

/** Reads an answer's bytes as plain JSON. */
const asJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

/**
 * The client against the OpenTSDB emulator's scripted faults, over HTTP on 127.0.0.1. No outcome
 * here depends on how fast the machine is: an attempt times out when the test fires its timer
 * (at the moment the emulator reports it holds the request), waits between attempts are recorded
 * or held, a run's deadline is an AbortController the test aborts, and every real timeout is a
 * minute, for answers that must simply arrive.
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const body = planQueries(inventory, period).requests[0]?.body;
/** An attempt timeout no answer of this emulator reaches: the Agent's backstops behind the scripted timers. */
const MINUTE = 60_000;
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>>;
let client: OpenTsdbClient;
const timers = scriptedAttemptTimers();
/** For whole fetches: real timers of a minute, so only injected faults make gaps. */
let patient: OpenTsdbClient;

beforeAll(async () => {
  const store = createSeriesStore();
  for (const s of generateDemoSeries(inventory, {
    fromSec: period.startMs / 1000,
    toSec: period.endMs / 1000,
  })) {
    store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  }
  emulator = await startOpenTsdbEmulator({ store });
  client = createOpenTsdbClient({
    endpoint: emulator.url,
    token: 't',
    attemptTimeoutMs: MINUTE,
    attemptTimer: timers.timer,
    sleep: instantWaits().sleep,
    maxRetries: 2,
  });
  patient = createOpenTsdbClient({
    endpoint: emulator.url,
    token: 't',
    attemptTimeoutMs: MINUTE,
    sleep: instantWaits().sleep,
    maxRetries: 2,
  });
});

afterEach(() => {
  emulator.faults.clear();
});

afterAll(async () => {
  // The emulator first: it cuts any answer a failed test left held, which the clients' close() would wait for.
  await emulator?.close();
  await client?.close();
  await patient?.close();
});

async function requestsFor(run: () => Promise<unknown>): Promise<{ result: unknown; requests: number }> {
  const before = client.stats.requests;
  const result = await run();
  return { result, requests: client.stats.requests - before };
}

describe('OpenTSDB client under injected faults', () => {
  if (!body) throw new Error('no planned request');

  it.each([
    ['a 503 with Retry-After', { status: 503, headers: { 'retry-after': '0' } }],
    ['a 429', { status: 429 }],
    ['a 408', { status: 408 }],
    ['a connection reset', { reset: true as const }],
    ['a body cut halfway', { truncate: true as const }],
  ])('retries after %s and then returns the data', async (_name, fault) => {
    emulator.faults.push(fault);
    const { result, requests } = await requestsFor(() => client.query(body, asJson));
    expect(requests).toBe(2);
    expect(Array.isArray(result) && result.length).toBeGreaterThan(200);
  });

  it('retries an attempt that times out while the server holds its answer, then returns the data', async () => {
    emulator.faults.push({ hold: true });
    const { result, requests } = await requestsFor(async () => {
      const run = client.query(body, asJson);
      const stalled = await emulator.faults.stalled();
      // The held request is the one attempt under way: its timeout runs out now.
      expect(timers.expireAll()).toBe(1);
      await stalled.clientGone;
      return run;
    });
    expect(requests).toBe(2);
    expect(Array.isArray(result) && result.length).toBeGreaterThan(200);
    expect(timers.armed).toBe(0);
  });

  it('gives up after its retries with the status', async () => {
    emulator.faults.push({ fault: { status: 502 }, times: 3 });
    await expect(client.query(body, asJson)).rejects.toBeInstanceOf(MetricsHttpError);
  });

  it('does not retry a malformed body: it is a payload error', async () => {
    emulator.faults.push({ malformed: true });
    const before = client.stats.requests;
    await expect(client.query(body, asJson)).rejects.toBeInstanceOf(MetricsPayloadError);
    expect(client.stats.requests - before).toBe(1);
  });

  it('turns a sub-query that finally fails into stated gaps for every component it covered', async () => {
    emulator.faults.push({
      fault: { status: 500, body: 'backend down' },
      metric: 'vscope.vm.cpu.ready',
      times: 3,
    });
    const set = await fetchSeries(patient, inventory, period, {
      ...FETCH_DEFAULTS,
      maxSubQueriesPerRequest: 1,
    });
    expect(set.requests).toBe(20);
    expect(set.gaps).toHaveLength(1);
    const [gap] = set.gaps;
    expect(gap?.metric).toBe('vscope.vm.cpu.ready');
    expect(gap?.components).toEqual(inventory.datacenters[0]?.vms.map((v) => v.tag));
    expect(gap?.reason).toContain('backend down');
    expect(set.series.filter((s) => s.metric === 'vscope.vm.cpu.ready')).toEqual([]);
    expect(set.series.filter((s) => s.metric === 'vscope.vm.cpu.usage.perc')).toHaveLength(14);
  });

  it('states a malformed answer as gaps naming the endpoint and status', async () => {
    emulator.faults.push({ fault: { malformed: true }, metric: 'vscope.vm.cpu.ready' });
    const set = await fetchSeries(patient, inventory, period, {
      ...FETCH_DEFAULTS,
      maxSubQueriesPerRequest: 1,
    });
    expect(set.gaps.map((g) => g.metric)).toEqual(['vscope.vm.cpu.ready']);
    expect(set.gaps[0]?.reason).toMatch(/answered 200 with a body that is not JSON/);
    expect(set.gaps[0]?.reason).toContain(emulator.url);
  });

  it('gaps only the components whose series had not come when an answer breaks off', async () => {
    const dc = inventory.datacenters[0];
    const [first, ...others] = dc?.vms.map((v) => v.tag) ?? [];
    const start = period.startMs / 1000;
    // One whole result, then bytes that are not JSON.
    const broken =
      `[{"metric":"vscope.vm.cpu.ready","tags":{"datacenter":"${dc?.tag}","vm":"${first}"},` +
      `"query":{"index":0},"dps":{"${start}":120,"${start + 300}":80}},{"metric":`;
    emulator.faults.push({ fault: { malformed: true, body: broken }, metric: 'vscope.vm.cpu.ready' });
    const set = await fetchSeries(patient, inventory, period, {
      ...FETCH_DEFAULTS,
      maxSubQueriesPerRequest: 1,
    });
    const ready = set.series.filter((s) => s.metric === 'vscope.vm.cpu.ready');
    expect(ready.map((s) => [s.component, [...s.values]])).toEqual([[first, [120, 80]]]);
    expect(set.gaps).toHaveLength(1);
    expect(set.gaps[0]?.components).toEqual(others);
  });

  it('starts the attempt timeout only once a connection is free', async () => {
    // One connection, two queries: while the first is held at the server, the second waits in
    // the Agent's queue untimed; its timer is armed only once the first answer frees the connection.
    const own = scriptedAttemptTimers();
    const single = createOpenTsdbClient({
      endpoint: emulator.url,
      token: 't',
      connections: 1,
      attemptTimeoutMs: MINUTE,
      attemptTimer: own.timer,
      maxRetries: 0,
    });
    let stalled: StalledRequest | undefined;
    try {
      emulator.faults.push({ hold: true });
      const both = Promise.all([single.query(body, asJson), single.query(body, asJson)]);
      stalled = await emulator.faults.stalled();
      expect({ armed: own.armed, sent: single.stats.requests }).toEqual({ armed: 1, sent: 1 });
      stalled.release();
      const answers = await both;
      expect(answers.map((a) => Array.isArray(a))).toEqual([true, true]);
      expect({ armed: own.armed, total: own.total, sent: single.stats.requests }).toEqual({
        armed: 0,
        total: 2,
        sent: 2,
      });
    } finally {
      // A failed expectation must not leave an answer held: close() waits for it.
      stalled?.release();
      await single.close();
    }
  });

  it('stops a request waiting for a connection when the run deadline passes, and serves the others', async () => {
    const single = createOpenTsdbClient({
      endpoint: emulator.url,
      token: 't',
      connections: 1,
      attemptTimeoutMs: MINUTE,
      maxRetries: 0,
    });
    let stalled: StalledRequest | undefined;
    try {
      emulator.faults.push({ hold: true });
      let firstDone = false;
      const first = single.query(body, asJson).finally(() => {
        firstDone = true;
      });
      const deadline = new AbortController();
      const second = single.query(body, asJson, deadline.signal);
      stalled = await emulator.faults.stalled();
      deadline.abort(new Error('run deadline'));
      await expect(second).rejects.toThrow(/deadline passed/);
      // It gave up while still waiting: the first is still held, its connection still taken.
      expect(firstDone).toBe(false);
      stalled.release();
      expect(Array.isArray(await first)).toBe(true);
      // The slot went back: a third query is served.
      expect(Array.isArray(await single.query(body, asJson))).toBe(true);
      expect(single.stats.requests).toBe(2);
    } finally {
      // A failed expectation must not leave an answer held: close() waits for it.
      stalled?.release();
      await single.close();
    }
  });

  it('joins a series fetched in time windows into the same series as fetched whole', async () => {
    const whole = await fetchSeries(patient, inventory, period, FETCH_DEFAULTS);
    // 10,000 points per answer: a VM metric (15 VMs × 2,016 buckets = 30,240 points) and a NIC
    // metric (16 series × 2,016 = 32,256) each need 4 windows of 504 buckets.
    const options = { ...FETCH_DEFAULTS, maxPointsPerRequest: 10_000 };
    const windowed = await fetchSeries(patient, inventory, period, options);
    const plan = planQueries(inventory, period, options);
    const cpu = plan.requests.filter((r) =>
      r.subQueries.some((q) => q.metric === 'vscope.vm.cpu.usage.perc'),
    );
    expect(cpu.map((r) => (r.window.endMs - r.window.startMs) / 300_000)).toEqual([504, 504, 504, 504]);
    expect(windowed.requests).toBeGreaterThan(whole.requests + 10);
    const key = (s: (typeof whole.series)[number]) => `${s.metric} ${s.component} ${s.nic ?? ''}`;
    const byKey = new Map(whole.series.map((s) => [key(s), s]));
    expect(windowed.series).toHaveLength(whole.series.length);
    for (const s of windowed.series) {
      const w = byKey.get(key(s));
      expect([...s.timestamps], key(s)).toEqual([...(w?.timestamps ?? [])]);
      expect([...s.values]).toEqual([...(w?.values ?? [])]);
    }
    expect(windowed.series.find((s) => s.nic === 'vmnic0')?.values.length).toBe(2016);
  });

  it('reports at once a server that asks to wait longer than a minute', async () => {
    emulator.faults.push({ fault: { status: 429, headers: { 'retry-after': '120' } }, times: 3 });
    const before = client.stats.requests;
    await expect(client.query(body, asJson)).rejects.toThrow(/answered 429/);
    expect(client.stats.requests - before).toBe(1);
  });

  it('waits as long as a Retry-After date asks, read against its own clock', async () => {
    const NOW = Date.UTC(2026, 10, 23, 6, 0, 0);
    const recorded = instantWaits();
    const dated = createOpenTsdbClient({
      endpoint: emulator.url,
      token: 't',
      attemptTimeoutMs: MINUTE,
      sleep: recorded.sleep,
      now: () => NOW,
    });
    try {
      const retryAt = new Date(NOW + 45_000).toUTCString();
      emulator.faults.push({ status: 503, headers: { 'retry-after': retryAt } });
      expect(Array.isArray(await dated.query(body, asJson))).toBe(true);
      expect(recorded.waits).toEqual([45_000]);
      expect(dated.stats.requests).toBe(2);
    } finally {
      await dated.close();
    }
  });

  it('stops at the run deadline even while retrying', async () => {
    // The server asks for 30 s; the run's deadline comes while the client waits, so no second attempt is made.
    let waitStarted: (ms: number) => void = () => {};
    const waiting = new Promise<number>((resolve) => {
      waitStarted = resolve;
    });
    const waiter = createOpenTsdbClient({
      endpoint: emulator.url,
      token: 't',
      attemptTimeoutMs: MINUTE,
      sleep: (ms, signal) => {
        waitStarted(ms);
        return sleep(ms, signal);
      },
    });
    try {
      emulator.faults.push({ fault: { status: 503, headers: { 'retry-after': '30' } }, times: 3 });
      const deadline = new AbortController();
      const run = waiter.query(body, asJson, deadline.signal);
      expect(await waiting).toBe(30_000);
      deadline.abort(new Error('run deadline'));
      await expect(run).rejects.toThrow(/deadline passed while waiting to retry after: .*503/);
      expect(waiter.stats.requests).toBe(1);
      expect(emulator.faults.pending).toBe(2);
    } finally {
      await waiter.close();
    }
  });
});
