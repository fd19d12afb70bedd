import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../demo/memory-store.ts';
import { PreconditionFailedError } from '../../lib/core/errors.ts';

const JSON_TYPE = { contentType: 'application/json' } as const;

describe('in-memory versioned store', () => {
  it('refuses a create of an existing key and a write against a stale version, as S3 does', async () => {
    const store = createMemoryStore();
    const first = await store.putIf('k', 'a', JSON_TYPE, { ifNoneMatch: '*' });
    await expect(store.putIf('k', 'b', JSON_TYPE, { ifNoneMatch: '*' })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await store.put('k', 'c', JSON_TYPE);
    await expect(store.putIf('k', 'd', JSON_TYPE, { ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(store.stats.preconditionFailures).toBe(2);
    expect(new TextDecoder().decode((await store.get('k')) ?? new Uint8Array())).toBe('c');
  });

  it('ignores conditions like the local S3 servers when told to', async () => {
    const store = createMemoryStore({ enforceConditions: false });
    await store.putIf('k', 'a', JSON_TYPE, { ifNoneMatch: '*' });
    await store.putIf('k', 'b', JSON_TYPE, { ifNoneMatch: '*' });
    expect(new TextDecoder().decode((await store.get('k')) ?? new Uint8Array())).toBe('b');
  });

  it('lists keys by prefix in order and has no links', async () => {
    const store = createMemoryStore();
    for (const k of ['a/2', 'b/1', 'a/1']) await store.put(k, k, JSON_TYPE);
    expect(await store.list('a/')).toEqual(['a/1', 'a/2']);
    expect(await store.presign('a/1', { expiresInSeconds: 60 })).toBeNull();
  });
});
