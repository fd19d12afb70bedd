import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../lib/core/errors.ts';
import { createFsStore } from '../../../lib/store/fs-store.ts';

const store = () => createFsStore(mkdtempSync(join(tmpdir(), 'vscope-fs-versions-')));
const TYPE = { contentType: 'application/json', metadata: { period: '2026-W46' } } as const;

describe('local folder store, versions and conditions', () => {
  it('creates a key once, even when two writers race for it', async () => {
    const s = store();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        s.putIf('archive/x/manifest.json', `{"n":${i}}`, TYPE, { ifNoneMatch: '*' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    }
  });

  it('writes against the version it read, and refuses a stale one', async () => {
    const s = store();
    const first = await s.putIf('k.json', '1', TYPE, { ifNoneMatch: '*' });
    expect((await s.head('k.json'))?.etag).toBe(first.etag);
    const second = await s.putIf('k.json', '2', TYPE, { ifMatch: first.etag });
    await expect(s.putIf('k.json', '3', TYPE, { ifMatch: first.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    const read = await s.read('k.json');
    expect(read?.etag).toBe(second.etag);
    expect(read?.contentType).toBe('application/json');
    expect(read?.metadata).toEqual({ period: '2026-W46' });
  });

  it('lists objects under a prefix without sidecars', async () => {
    const s = store();
    await s.put('reports/a/weekly/2026-W46/report.json', '{}', TYPE);
    await s.put('reports/a/weekly/2026-W46/report.pdf', '%PDF', { contentType: 'application/pdf' });
    await s.put('reports/b/weekly/2026-W46/report.json', '{}', TYPE);
    expect(await s.list('reports/a/')).toEqual([
      'reports/a/weekly/2026-W46/report.json',
      'reports/a/weekly/2026-W46/report.pdf',
    ]);
    expect(await s.list('nothing/')).toEqual([]);
    expect(await s.presign('reports/a/weekly/2026-W46/report.pdf', { expiresInSeconds: 60 })).toBeNull();
  });
});
