import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTsdbEmulator, startOpenTsdbEmulator } from '../../../demo/emulators/opentsdb/server.ts';
import { createSeriesStore } from '../../../demo/emulators/opentsdb/store.ts';
import { MetricsPayloadError, MetricsTransportError } from '../../../lib/core/errors.ts';
import type { OpenTsdbQueryBody } from '../../../lib/core/ports.ts';
import { createOpenTsdbClient } from '../../../lib/fetch/opentsdb-client.ts';
import { instantWaits } from '../../support/scripted-timers.ts';

/**
 * Compressed answers end to end: the client asks for gzip, the emulator answers gzipped as
 * stock OpenTSDB does (or not, as OVH's proxy), and the client reads either; a damaged gzip
 * body is a transport error, retried like a body cut short.
 */
const START = 1_699_999_800; // a multiple of 300 s: one 5-minute bucket per point
const POINTS = 2_000;
const store = createSeriesStore();
for (const vm of ['vm-1', 'vm-2', 'vm-3']) {
  const ts = Array.from({ length: POINTS }, (_, i) => (START + i * 300) * 1000);
  const vs = Array.from({ length: POINTS }, (_, i) => (i % 97) + vm.length);
  store.addSeries('vm.cpu.usage', { vm }, ts, vs, 'ms');
}
const body: OpenTsdbQueryBody = {
  start: START,
  end: START + POINTS * 300,
  showQuery: false,
  msResolution: false,
  queries: [
    {
      metric: 'vm.cpu.usage',
      aggregator: 'sum',
      downsample: '5m-avg',
      filters: [{ type: 'wildcard', tagk: 'vm', filter: '*', groupBy: true }],
    },
  ],
};
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const fast = { token: 'bench', attemptTimeoutMs: 60_000, sleep: instantWaits().sleep, random: () => 1 };

const emulators: Partial<Record<'stock' | 'ovh', OpenTsdbEmulator>> = {};
beforeAll(async () => {
  emulators.stock = await startOpenTsdbEmulator({ store, flavour: 'stock' });
  emulators.ovh = await startOpenTsdbEmulator({ store, flavour: 'ovh' });
});
afterEach(() => {
  emulators.stock?.faults.clear();
});
afterAll(async () => {
  await emulators.stock?.close();
  await emulators.ovh?.close();
});

function stock(): OpenTsdbEmulator {
  if (!emulators.stock) throw new Error('no emulator');
  return emulators.stock;
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

describe('compressed answers', () => {
  it('reads a gzipped answer from stock OpenTSDB: the same JSON, fewer bytes on the wire', async () => {
    const client = createOpenTsdbClient({ endpoint: stock().url, ...fast });
    const answer = await client.query(body, text);
    const parsed = JSON.parse(answer) as { tags: Record<string, string>; dps: Record<string, number> }[];
    expect(parsed).toHaveLength(3);
    expect(Object.keys(parsed[0]?.dps ?? {})).toHaveLength(POINTS);
    expect(client.stats.bytesIn).toBe(Buffer.byteLength(answer));
    expect(client.stats.wireBytes).toBeGreaterThan(0);
    expect(client.stats.wireBytes * 4).toBeLessThan(client.stats.bytesIn);
    await client.close();
  });

  it('reads an identity answer from the OVH proxy, which never compresses: wire = decoded', async () => {
    const ovh = emulators.ovh;
    if (!ovh) throw new Error('no emulator');
    const client = createOpenTsdbClient({ endpoint: ovh.url, ...fast });
    const answer = await client.query(body, text);
    expect(JSON.parse(answer)).toHaveLength(3);
    expect(client.stats.wireBytes).toBe(client.stats.bytesIn);
    expect(client.stats.bytesIn).toBe(Buffer.byteLength(answer));
    await client.close();
  });

  it('retries a corrupt gzip body as it would a body cut short, then reads the real answer', async () => {
    stock().faults.push({ status: 200, body: 'this is not gzip', headers: { 'Content-Encoding': 'gzip' } });
    const client = createOpenTsdbClient({ endpoint: stock().url, ...fast });
    const answer = await client.query(body, text);
    expect(JSON.parse(answer)).toHaveLength(3);
    expect(client.stats.requests).toBe(2);
    await client.close();
  });

  it('reports a gzip body that stays corrupt as a transport error naming the cause', async () => {
    stock().faults.push({
      fault: { status: 200, body: 'this is not gzip', headers: { 'Content-Encoding': 'gzip' } },
      times: 2,
    });
    const client = createOpenTsdbClient({ endpoint: stock().url, ...fast, maxRetries: 1 });
    const e = await failure(() => client.query(body, text));
    expect(e).toBeInstanceOf(MetricsTransportError);
    expect(e.message).toContain('gzip body could not be inflated');
    expect(e.message).toContain('damaged or cut short');
    expect(client.stats.requests).toBe(2);
    await client.close();
  });

  it('refuses, without retrying, an answer in an encoding it never offered', async () => {
    stock().faults.push({ status: 200, body: '[]', headers: { 'Content-Encoding': 'br' } });
    const client = createOpenTsdbClient({ endpoint: stock().url, ...fast });
    const e = await failure(() => client.query(body, text));
    expect(e).toBeInstanceOf(MetricsPayloadError);
    expect(e.message).toContain('Content-Encoding "br"');
    expect(client.stats.requests).toBe(1);
    await client.close();
  });
});
