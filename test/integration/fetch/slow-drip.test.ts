import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoSeries } from '../../../demo/datacenter/generate.ts';
import { demoInventory } from '../../../demo/datacenter/infrastructure.ts';
import { startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { MetricsTransportError } from '../../../lib/core/errors.ts';
import { isoWeekPeriod } from '../../../lib/core/period.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { planQueries } from '../../../lib/fetch/plan-queries.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';

/**
 * An answer that trickles in — headers at once, then a few bytes at a time, each gap shorter
 * than an idle timeout would catch — is bounded by the attempt timeout, which covers the whole
 * body: the attempt is abandoned and retried, or ends as a transport failure (a stated gap).
 */
const period = isoWeekPeriod('2026-W47', 'Europe/Paris');
const inventory = demoInventory();
const planned = planQueries(inventory, period).requests[0]?.body;
const asJson = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
let emulator: Awaited<ReturnType<typeof startOpenTsdbEmulator>>;
let proxy: FaultProxy;

beforeAll(async () => {
  const store = createSeriesStore();
  for (const s of generateDemoSeries(inventory, {
    fromSec: period.startMs / 1000,
    toSec: period.endMs / 1000,
  })) {
    store.addSeries(s.metric, s.tags, s.timestamps, s.values);
  }
  emulator = await startOpenTsdbEmulator({ store });
  proxy = await startFaultProxy(emulator.url);
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

// 16 bytes every 50 ms: an answer of hundreds of kilobytes would take over half an hour.
const drip = { kind: 'drip', bytes: 16, everyMs: 50 } as const;

describe('OpenTSDB client against a slow-drip answer', () => {
  if (!planned) throw new Error('no planned request');
  const body = planned;
  it('abandons the dripping attempt at its timeout and returns the retried answer', async () => {
    // Long enough for the real answer to arrive on a busy machine.
    const client = createOpenTsdbClient({
      endpoint: proxy.url,
      token: 't',
      attemptTimeoutMs: 10_000,
      maxRetries: 1,
      baseDelayMs: 1,
    });
    try {
      proxy.push({ fault: drip });
      const answer = await client.query(body, asJson);
      expect(Array.isArray(answer) && answer.length).toBeGreaterThan(200);
      expect(proxy.seen.map((r) => r.fault)).toEqual(['drip', null]);
    } finally {
      await client.close();
      proxy.seen.length = 0;
    }
  });

  it('fails with a transport error when every attempt drips', async () => {
    const client = createOpenTsdbClient({
      endpoint: proxy.url,
      token: 't',
      attemptTimeoutMs: 1_000,
      maxRetries: 1,
      baseDelayMs: 1,
    });
    try {
      proxy.push({ fault: drip, times: Number.POSITIVE_INFINITY });
      await expect(client.query(body, asJson)).rejects.toBeInstanceOf(MetricsTransportError);
      expect(proxy.seen.map((r) => r.fault)).toEqual(['drip', 'drip']);
    } finally {
      proxy.clear();
      await client.close();
    }
  });
});
