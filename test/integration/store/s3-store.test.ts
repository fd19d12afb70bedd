import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../../lib/core/errors.ts';
import {
  addToArchiveIndex,
  type IndexEntry,
  readArchiveIndex,
} from '../../../lib/deliver/archive/archive-index.ts';
import { archiveKey } from '../../../lib/store/keys.ts';
import { createS3Client } from '../../../lib/store/s3-client.ts';
import { createS3Store } from '../../../lib/store/s3-store.ts';
import { type LocalAws, startLocalAws, TEST_CREDENTIALS } from '../deliver/local-servers.ts';

/**
 * The S3 store against a local S3 server over HTTP (fauxqs), with the settings S3-compatible
 * providers need: path-style addressing and checksums only when required.
 */
let aws: LocalAws;
const MIB = 1024 * 1024;

function store(options: { multipartThresholdBytes?: number } = {}) {
  return createS3Store({
    client: createS3Client({
      region: 'eu-west-3',
      endpoint: aws.endpoint,
      forcePathStyle: true,
      checksums: 'when-required',
      ...TEST_CREDENTIALS,
    }),
    bucket: aws.bucket,
    partSizeBytes: 5 * MIB,
    ...options,
  });
}

beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws?.close();
});

describe('S3 store on a local S3 server', () => {
  it('stores an object with its content type and metadata, and reads, heads and lists it', async () => {
    const s = store();
    const stored = await s.put('reports/svc/weekly/2026-W46/report.json', '{"a":1}\n', {
      contentType: 'application/json',
      metadata: { period: '2026-W46', timeZone: 'Europe/Paris', note: 'entrepôt' },
    });
    expect(stored).toEqual({
      key: 'reports/svc/weekly/2026-W46/report.json',
      bytes: 8,
      location: `s3://${aws.bucket}/reports/svc/weekly/2026-W46/report.json`,
    });
    const head = await s.head(stored.key);
    expect(head?.contentType).toBe('application/json');
    expect(head?.metadata).toMatchObject({
      period: '2026-W46',
      timezone: 'Europe/Paris',
      note: 'entrep%C3%B4t',
    });
    expect(new TextDecoder().decode((await s.get(stored.key)) ?? new Uint8Array())).toBe('{"a":1}\n');
    expect(await s.list('reports/svc/')).toEqual([stored.key]);
    expect(await s.get('reports/svc/none.json')).toBeNull();
    expect(await s.head('reports/svc/none.json')).toBeNull();
  });

  it('uploads a large body in parts, atomically visible, with a multipart ETag', async () => {
    const s = store({ multipartThresholdBytes: 5 * MIB });
    const body = new Uint8Array(11 * MIB).map((_, i) => (i * 7) % 251);
    await s.put('archive/big.bin', body, { contentType: 'application/octet-stream' });
    const read = await s.read('archive/big.bin');
    expect(read?.etag).toMatch(/-3"$/);
    expect(
      createHash('sha256')
        .update(read?.body ?? new Uint8Array())
        .digest('hex'),
    ).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('signs a link that reads the object without credentials', async () => {
    const s = store();
    await s.put('reports/svc/adhoc/x/report.pdf', '%PDF-1.7 test', { contentType: 'application/pdf' });
    const url = await s.presign('reports/svc/adhoc/x/report.pdf', {
      expiresInSeconds: 60,
      downloadName: 'r.pdf',
    });
    expect(url).toMatch(/X-Amz-Signature=/);
    const response = await fetch(url ?? '');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('%PDF-1.7 test');
  });

  it('refuses a conditional create of an existing key although the server ignores If-None-Match', async () => {
    const s = store();
    const first = await s.putIf(
      'm/delivery.json',
      '{"n":1}',
      { contentType: 'application/json' },
      { ifNoneMatch: '*' },
    );
    await expect(
      s.putIf('m/delivery.json', '{"n":2}', { contentType: 'application/json' }, { ifNoneMatch: '*' }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(
      s.putIf('m/delivery.json', '{"n":3}', { contentType: 'application/json' }, { ifMatch: '"stale"' }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    const second = await s.putIf(
      'm/delivery.json',
      '{"n":4}',
      { contentType: 'application/json' },
      { ifMatch: first.etag },
    );
    expect(second.etag).not.toBe(first.etag);
    expect(new TextDecoder().decode((await s.get('m/delivery.json')) ?? new Uint8Array())).toBe('{"n":4}');
  });

  it('keeps every entry of concurrent archive index updates although the server ignores If-Match', async () => {
    const s = store();
    const entries: IndexEntry[] = Array.from({ length: 10 }, (_, i) => ({
      serviceName: `pcc-${i}`,
      month: '2026-10',
      timeZone: 'Europe/Paris',
      archivedAt: '2026-11-01T05:30:00.000Z',
      coveragePct: 99,
      manifest: archiveKey(`pcc-${i}`, '2026-10', 'manifest'),
    }));
    for (const e of entries) await s.put(e.manifest, JSON.stringify(e), { contentType: 'application/json' });
    const readManifest = async (key: string) => {
      const bytes = await s.get(key);
      return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as IndexEntry) : null;
    };
    const now = () => new Date('2026-11-01T05:30:00Z');
    await Promise.all(entries.map((e) => addToArchiveIndex(s, [e], { now, readManifest })));
    const { index } = await readArchiveIndex(s);
    expect(index.entries.map((e) => e.serviceName).sort()).toEqual(entries.map((e) => e.serviceName).sort());
  });
});
