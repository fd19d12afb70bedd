import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../../../demo/memory-store.ts';
import {
  addToArchiveIndex,
  type IndexEntry,
  readArchiveIndex,
} from '../../../../lib/deliver/archive/archive-index.ts';
import { archiveKey } from '../../../../lib/store/keys.ts';

/** The archive index under concurrent writers, on stores that enforce conditions and on ones that do not. */
const now = () => new Date('2026-12-01T03:00:00Z');

function entry(service: string, month: string): IndexEntry {
  return {
    serviceName: service,
    month,
    timeZone: 'Europe/Paris',
    archivedAt: '2026-12-01T03:00:00.000Z',
    coveragePct: 99.5,
    manifest: archiveKey(service, month, 'manifest'),
  };
}

/** Writes the manifests first, as the monthly run does, then adds every entry concurrently. */
async function addConcurrently(store: MemoryStore, entries: IndexEntry[]) {
  for (const e of entries)
    await store.put(e.manifest, JSON.stringify(e), { contentType: 'application/json' });
  const readManifest = async (key: string) => {
    const bytes = await store.get(key);
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as IndexEntry) : null;
  };
  return Promise.all(
    entries.map((e) => addToArchiveIndex(store, [e], { now, readManifest, pause: async () => undefined })),
  );
}

const twelve = Array.from({ length: 12 }, (_, i) =>
  entry(`pcc-${i % 4}`, `2026-${String(9 + Math.floor(i / 4)).padStart(2, '0')}`),
);

describe('archive index', () => {
  it('keeps every entry of 12 concurrent writers when the store refuses stale writes (412)', async () => {
    const store = createMemoryStore();
    const results = await addConcurrently(store, twelve);
    const { index } = await readArchiveIndex(store);
    expect(index.entries.map((e) => `${e.serviceName}/${e.month}`).sort()).toEqual(
      twelve.map((e) => `${e.serviceName}/${e.month}`).sort(),
    );
    expect(store.stats.preconditionFailures).toBeGreaterThan(0);
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(1);
  });

  it('still ends complete when the store ignores conditions, as local S3 servers do', async () => {
    const store = createMemoryStore({ enforceConditions: false });
    await addConcurrently(store, twelve);
    const { index } = await readArchiveIndex(store);
    expect(index.entries).toHaveLength(12);
  });

  it('repairs an entry lost earlier from the manifests listed under archive/', async () => {
    const store = createMemoryStore();
    const [a, b] = [entry('pcc-a', '2026-10'), entry('pcc-b', '2026-10')];
    await addConcurrently(store, [a]);
    // b's manifest exists but its run died before reaching the index.
    await store.put(b.manifest, JSON.stringify(b), { contentType: 'application/json' });
    await addConcurrently(store, [entry('pcc-c', '2026-10')]);
    const { index } = await readArchiveIndex(store);
    expect(index.entries.map((e) => e.serviceName)).toEqual(['pcc-a', 'pcc-b', 'pcc-c']);
  });
});
