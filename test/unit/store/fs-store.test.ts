import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../lib/core/errors.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';

describe('createFsStore', () => {
  it('writes an object at its key with a metadata sidecar and reads it back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vscope-store-'));
    const store = createFsStore(root);
    const stored = await store.put('reports/s/weekly/2026-W47/report.json', '{"a":1}', {
      contentType: 'application/json',
      metadata: { period: '2026-W47' },
    });
    expect(stored.bytes).toBe(7);
    expect(readFileSync(stored.location, 'utf8')).toBe('{"a":1}');
    expect(JSON.parse(readFileSync(`${stored.location}.meta.json`, 'utf8'))).toEqual({
      contentType: 'application/json',
      period: '2026-W47',
    });
    expect(
      new TextDecoder().decode((await store.get('reports/s/weekly/2026-W47/report.json')) ?? undefined),
    ).toBe('{"a":1}');
    expect(readdirSync(join(root, 'reports/s/weekly/2026-W47')).filter((f) => f.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it('answers null for a missing key and refuses keys that escape its folder', async () => {
    const store = createFsStore(mkdtempSync(join(tmpdir(), 'vscope-store-')));
    expect(await store.get('nothing/here')).toBeNull();
    await expect(store.put('../outside', 'x', { contentType: 'text/plain' })).rejects.toBeInstanceOf(
      StoreError,
    );
  });

  it('leaves neither a temporary file nor a sidecar when the object cannot be moved into place', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vscope-store-'));
    const folder = join(root, 'reports/s/weekly/2026-W47');
    // A folder where the object should go: the rename onto it fails.
    mkdirSync(join(folder, 'report.json'), { recursive: true });
    writeFileSync(join(folder, 'report.json', 'inside'), 'x');
    const store = createFsStore(root);
    const error = await store
      .put('reports/s/weekly/2026-W47/report.json', '{"a":1}', {
        contentType: 'application/json',
        metadata: { period: '2026-W47' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(
      "Could not write 'reports/s/weekly/2026-W47/report.json'",
    );
    // Only the folder in the way: no temporary file, no sidecar of an object that is not there.
    expect(readdirSync(folder)).toEqual(['report.json']);
  });
});
