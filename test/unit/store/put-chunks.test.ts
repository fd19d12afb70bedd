import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../demo/memory-store.ts';
import type { ObjectStore } from '../../../lib/core/ports.ts';
import type { SummaryArchive } from '../../../lib/core/types.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';
import { putChunks } from '../../../lib/store/put-chunks.ts';
import { summaryArchiveChunks } from '../../../lib/store/summary-archive-text.ts';

/** A small archive with non-ASCII names, negative zeros, empty sketches: what JSON.stringify must agree with. */
function archive(series: number): SummaryArchive {
  return {
    schemaVersion: 1,
    serviceName: 'pcc-1-2-3-4 entrepôt',
    period: {
      kind: 'week',
      label: '2026-W47',
      timeZone: 'Europe/Paris',
      startMs: 1794870000000,
      endMs: 1795474800000,
      startIso: '2026-11-16T00:00:00.000+01:00',
      endIso: '2026-11-23T00:00:00.000+01:00',
    },
    sketch: { kind: 'log-buckets', relativeAccuracy: 0.01 },
    series: Array.from({ length: series }, (_, i) => ({
      datacenterTag: 'dc-ä',
      kind: 'vm' as const,
      component: `vm-${i}`,
      metric: 'vscope.vm.cpu.usage.perc' as const,
      intervalSeconds: 300,
      days: [
        {
          day: '2026-11-16',
          count: 288 + i,
          sum: [1e-17 * i, 1234.5 + i],
          sumSquares: [-0, 99999.25],
          min: -0.5,
          max: 97.25,
          sketch: {
            relativeAccuracy: 0.01,
            zeros: i,
            positive: { offset: 10 + i, counts: [1, 0, 3, i] },
            negative: { offset: 0, counts: [] },
          },
        },
      ],
    })),
  };
}

describe('summaryArchiveChunks', () => {
  it.each([0, 1, 3, 5000])('joins into exactly JSON.stringify(archive) + newline (%i series)', (n) => {
    const a = archive(n);
    expect([...summaryArchiveChunks(a)].join('')).toBe(`${JSON.stringify(a)}\n`);
  });
});

describe('putChunks', () => {
  const options = { contentType: 'application/json', metadata: { period: '2026-W47' } };

  it('writes through the fs store as a stream the same bytes and sidecar as put', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vscope-chunks-'));
    const store = createFsStore(root);
    const a = archive(20000); // > 2 MB: several batches
    const text = `${JSON.stringify(a)}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    const streamed = await putChunks(
      store,
      'r/streamed/summaries.json',
      () => summaryArchiveChunks(a),
      options,
    );
    const whole = await store.put('r/whole/summaries.json', text, options);
    // Buffer.equals: a deep toEqual over megabytes takes minutes.
    expect(readFileSync(streamed.location).equals(readFileSync(whole.location))).toBe(true);
    expect(streamed.bytes).toBe(whole.bytes);
    expect(readFileSync(`${streamed.location}.meta.json`, 'utf8')).toBe(
      readFileSync(`${whole.location}.meta.json`, 'utf8'),
    );
    expect(readdirSync(join(root, 'r/streamed')).sort()).toEqual([
      'summaries.json',
      'summaries.json.meta.json',
    ]);
  });

  it('leaves no file when producing the pieces fails, and keeps the previous object', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vscope-chunks-'));
    const store = createFsStore(root);
    await store.put('r/summaries.json', 'old\n', options);
    function* failing(): Generator<string> {
      yield 'x'.repeat(2 * 1024 * 1024);
      throw new Error('piece failed');
    }
    await expect(putChunks(store, 'r/summaries.json', failing, options)).rejects.toThrow(/summaries\.json/);
    expect(readFileSync(join(root, 'r/summaries.json'), 'utf8')).toBe('old\n');
    expect(readdirSync(join(root, 'r')).sort()).toEqual(['summaries.json', 'summaries.json.meta.json']);
  });

  it('falls back to one put with the pieces joined for a store without putStream', async () => {
    const store: ObjectStore = createMemoryStore();
    expect(store.putStream).toBeUndefined();
    await putChunks(store, 'k', () => ['a', 'é', 'b'], options);
    expect(new TextDecoder().decode((await store.get('k')) ?? undefined)).toBe('aéb');
  });
});
