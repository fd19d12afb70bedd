import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, StoreError } from '../../../lib/core/errors.ts';
import { createS3Client } from '../../../lib/store/s3-client.ts';
import { createS3Store } from '../../../lib/store/s3-store.ts';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from '../../support/fault-proxy.ts';
import { type LocalAws, startLocalAws, TEST_CREDENTIALS } from '../deliver/local-servers.ts';

/**
 * The S3 store behind a fault-injecting proxy in front of a local S3 server (fauxqs): 503s,
 * connections cut mid-body, requests never answered and a refused port, on single PUTs and on
 * the parts of a multipart upload. A write either completes intact or fails with a StoreError
 * and leaves no object under its key.
 */
let aws: LocalAws;
let proxy: FaultProxy;
const MIB = 1024 * 1024;
const sha = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');
const big = new Uint8Array(11 * MIB).map((_, i) => (i * 7) % 251);

function storeAt(endpoint: string, options: { requestTimeoutMs?: number } = {}) {
  return createS3Store({
    client: createS3Client({
      region: 'eu-west-3',
      endpoint,
      forcePathStyle: true,
      checksums: 'when-required',
      ...TEST_CREDENTIALS,
      ...options,
    }),
    bucket: aws.bucket,
    multipartThresholdBytes: 5 * MIB,
    partSizeBytes: 5 * MIB,
  });
}

/** Straight to fauxqs: what a reader sees. */
const direct = () => storeAt(aws.endpoint);

const putOf =
  (key: string) =>
  (r: ProxyRequest): boolean =>
    r.method === 'PUT' && r.url.split('?')[0]?.endsWith(key) === true && !r.url.includes('partNumber=');
const partOf =
  (key: string, part: number) =>
  (r: ProxyRequest): boolean =>
    r.method === 'PUT' && r.url.includes(key) && r.url.includes(`partNumber=${part}&`);

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  aws = await startLocalAws();
  proxy = await startFaultProxy(aws.endpoint);
});
afterEach(() => {
  proxy.clear();
});
afterAll(async () => {
  await proxy?.close();
  await aws?.close();
});

describe('S3 store under injected faults', () => {
  it('retries a PUT answered 503 and stores the object once', async () => {
    const key = 'f/retried-503.json';
    proxy.push({
      fault: { kind: 'status', status: 503, body: '<Error><Code>SlowDown</Code></Error>' },
      match: putOf(key),
    });
    await storeAt(proxy.url).put(key, '{"a":1}', { contentType: 'application/json' });
    expect(proxy.seen.filter((r) => putOf(key)(r)).map((r) => r.fault)).toEqual(['status', null]);
    expect(new TextDecoder().decode((await direct().get(key)) ?? new Uint8Array())).toBe('{"a":1}');
  });

  it('fails with a StoreError naming the key and the status when every attempt is answered 503, leaving no object', async () => {
    const key = 'f/always-503.json';
    proxy.push({
      fault: { kind: 'status', status: 503 },
      match: putOf(key),
      times: Number.POSITIVE_INFINITY,
    });
    const error = await failure(() => storeAt(proxy.url).put(key, '{}', { contentType: 'application/json' }));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/Could not write 'f\/always-503\.json' in bucket .*HTTP 503/);
    expect(proxy.seen.filter((r) => putOf(key)(r))).toHaveLength(3);
    expect(await direct().head(key)).toBeNull();
  });

  it('retries a PUT whose connection is cut mid-body and stores the whole body', async () => {
    const key = 'f/cut-once.bin';
    const body = big.subarray(0, 2 * MIB);
    proxy.push({ fault: { kind: 'cut-request', afterBytes: 256 * 1024 }, match: putOf(key) });
    await storeAt(proxy.url).put(key, body, { contentType: 'application/octet-stream' });
    expect(sha((await direct().get(key)) ?? new Uint8Array())).toBe(sha(body));
  });

  it('leaves no object when every attempt of a PUT is cut mid-body', async () => {
    const key = 'f/cut-always.bin';
    proxy.push({
      fault: { kind: 'cut-request', afterBytes: 256 * 1024 },
      match: putOf(key),
      times: Number.POSITIVE_INFINITY,
    });
    const error = await failure(() =>
      storeAt(proxy.url).put(key, big.subarray(0, 2 * MIB), { contentType: 'application/octet-stream' }),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(await direct().head(key)).toBeNull();
  });

  it('completes a multipart upload intact when one part is answered 503 and another cut mid-body once', async () => {
    const key = 'f/multipart-recovers.bin';
    proxy.push(
      { fault: { kind: 'status', status: 503 }, match: partOf(key, 2) },
      { fault: { kind: 'cut-request', afterBytes: MIB }, match: partOf(key, 3) },
    );
    await storeAt(proxy.url).put(key, big, { contentType: 'application/octet-stream' });
    const read = await direct().read(key);
    expect(read?.etag).toMatch(/-3"$/);
    expect(sha(read?.body ?? new Uint8Array())).toBe(sha(big));
  });

  it.each([
    ['answered 503', { kind: 'status', status: 503 } as const],
    ['cut mid-body', { kind: 'cut-request', afterBytes: MIB } as const],
  ])(
    'aborts a multipart upload whose part is %s on every attempt, leaving no object',
    async (_name, fault) => {
      const key = `f/multipart-fails-${fault.kind}.bin`;
      proxy.push({ fault, match: partOf(key, 2), times: Number.POSITIVE_INFINITY });
      const error = await failure(() =>
        storeAt(proxy.url).put(key, big, { contentType: 'application/octet-stream' }),
      );
      expect(error).toBeInstanceOf(StoreError);
      expect(await direct().head(key)).toBeNull();
      // The upload was abandoned explicitly (AbortMultipartUpload), not left for the lifecycle rule.
      expect(
        proxy.seen.some((r) => r.method === 'DELETE' && r.url.includes(key) && r.url.includes('uploadId=')),
      ).toBe(true);
      expect(
        proxy.seen.some((r) => r.method === 'POST' && r.url.includes(key) && r.url.includes('uploadId=')),
      ).toBe(false);
    },
  );

  it('gives up on a request the server never answers, after its retries, leaving no object', async () => {
    const key = 'f/stalled.json';
    proxy.push({ fault: { kind: 'stall' }, match: putOf(key), times: Number.POSITIVE_INFINITY });
    const error = await failure(() =>
      storeAt(proxy.url, { requestTimeoutMs: 500 }).put(key, '{}', { contentType: 'application/json' }),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(proxy.seen.filter((r) => putOf(key)(r))).toHaveLength(3);
    expect(await direct().head(key)).toBeNull();
  });

  it('retries a request that stalled once and stores the object', async () => {
    const key = 'f/stalled-once.json';
    proxy.push({ fault: { kind: 'stall' }, match: putOf(key) });
    // Long enough for a real answer from the local server on a busy machine.
    await storeAt(proxy.url, { requestTimeoutMs: 5_000 }).put(key, '{"b":2}', {
      contentType: 'application/json',
    });
    expect(proxy.seen.filter((r) => putOf(key)(r)).map((r) => r.fault)).toEqual(['stall', null]);
    expect(await direct().head(key)).not.toBeNull();
  });

  it('fails with a StoreError when the endpoint refuses connections', async () => {
    // A port that was free a moment ago and has nothing listening now.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(() =>
      storeAt(`http://127.0.0.1:${port}`).put('f/refused.json', '{}', { contentType: 'application/json' }),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/Could not write 'f\/refused\.json'.*ECONNREFUSED/);
    expect(await direct().head('f/refused.json')).toBeNull();
  });

  it('reports a failed conditional create as a store failure, not as a lost race, and writes nothing', async () => {
    const key = 'f/marker.json';
    proxy.push({
      fault: { kind: 'status', status: 500 },
      match: putOf(key),
      times: Number.POSITIVE_INFINITY,
    });
    const error = await failure(() =>
      storeAt(proxy.url).putIf(key, '{}', { contentType: 'application/json' }, { ifNoneMatch: '*' }),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(PreconditionFailedError);
    expect(await direct().head(key)).toBeNull();
  });
});
