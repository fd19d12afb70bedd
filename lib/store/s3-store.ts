/**
 * VersionedObjectStore on S3 or an S3-compatible provider.
 *
 * Visibility: a PutObject and a completed multipart upload are atomic on S3 — a reader sees
 * the previous object (or none) until the new one is complete, never a part of it. Large bodies
 * go through lib-storage's multipart Upload; an interrupted upload leaves no object (its parts
 * are aborted; a bucket lifecycle rule should also expire incomplete uploads).
 *
 * Conditional writes: S3 enforces `If-None-Match: *` and `If-Match: <etag>` on PutObject
 * (412). Local servers (s3rver, fauxqs) and some providers ignore them, so putIf first reads
 * the current version and refuses itself when the condition already fails: that makes
 * sequential retries safe everywhere, and the header makes concurrent writers safe where the
 * server enforces it.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PreconditionFailedError, StoreError } from '../core/errors.ts';
import type {
  ObjectHead,
  ObjectVersion,
  PutOptions,
  StoredObject,
  VersionedObjectStore,
  WriteCondition,
} from '../core/ports.ts';
import { byteLength } from './etag.ts';
import { chunkStream } from './put-chunks.ts';

export interface S3StoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Bodies of this many bytes or more are uploaded in parts. Default 16 MiB. */
  readonly multipartThresholdBytes?: number;
  /** Part size of multipart uploads (S3's minimum is 5 MiB). Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** False for providers that reject conditional headers: only the read-before-write check remains. */
  readonly conditionalHeaders?: boolean;
}

export const S3_STORE_DEFAULTS = {
  multipartThresholdBytes: 16 * 1024 * 1024,
  partSizeBytes: 8 * 1024 * 1024,
} as const;

const MIB = 1024 * 1024;

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isMissing(error: unknown): boolean {
  return (
    statusOf(error) === 404 ||
    (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound'))
  );
}

function isPreconditionFailure(error: unknown): boolean {
  const status = statusOf(error);
  // 409 ConditionalRequestConflict: a concurrent conditional write to the same key won.
  return status === 412 || (status === 409 && error instanceof Error && /Conditional/.test(error.name));
}

/**
 * S3 user metadata travels in HTTP headers: ASCII only. Non-ASCII values are percent-encoded
 * rather than dropped, so a reader can still decode them.
 */
function headerSafe(metadata: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) {
    out[k.toLowerCase()] = /^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v);
  }
  return out;
}

/** Creates a VersionedObjectStore over one bucket. */
export function createS3Store(options: S3StoreOptions): VersionedObjectStore {
  const { client, bucket } = options;
  const threshold = options.multipartThresholdBytes ?? S3_STORE_DEFAULTS.multipartThresholdBytes;
  const partSize = Math.max(5 * MIB, options.partSizeBytes ?? S3_STORE_DEFAULTS.partSizeBytes);
  const sendConditions = options.conditionalHeaders ?? true;
  const location = (key: string) => `s3://${bucket}/${key}`;
  const fail = (what: string, key: string, cause: unknown): StoreError => {
    const status = statusOf(cause);
    return new StoreError(`Could not ${what} '${key}' in bucket '${bucket}' (${describe(cause)}).`, {
      cause,
      context: { key, bucket, ...(status ? { status } : {}) },
    });
  };

  async function head(key: string): Promise<ObjectHead | null> {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        key,
        bytes: out.ContentLength ?? 0,
        etag: out.ETag ?? '',
        contentType: out.ContentType ?? null,
        metadata: out.Metadata ?? {},
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw fail('read the metadata of', key, error);
    }
  }

  async function putObject(
    key: string,
    body: Uint8Array | string,
    opts: PutOptions,
    condition?: WriteCondition,
  ): Promise<StoredObject & { etag: string }> {
    const bytes = byteLength(body);
    const params = {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: opts.contentType,
      Metadata: headerSafe(opts.metadata),
    };
    try {
      if (!condition && bytes >= threshold) {
        const upload = new Upload({ client, params, partSize, queueSize: 4, leavePartsOnError: false });
        const out = await upload.done();
        return { key, bytes, location: location(key), etag: out.ETag ?? '' };
      }
      const out = await client.send(
        new PutObjectCommand({
          ...params,
          ContentLength: bytes,
          ...(condition && sendConditions
            ? 'ifNoneMatch' in condition
              ? { IfNoneMatch: '*' }
              : { IfMatch: condition.ifMatch }
            : {}),
        }),
      );
      return { key, bytes, location: location(key), etag: out.ETag ?? '' };
    } catch (error) {
      if (condition && isPreconditionFailure(error)) {
        throw new PreconditionFailedError(key, condition, { cause: error });
      }
      throw fail('write', key, error);
    }
  }

  async function read(key: string): Promise<ObjectVersion | null> {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return {
        key,
        bytes: body.byteLength,
        etag: out.ETag ?? '',
        contentType: out.ContentType ?? null,
        metadata: out.Metadata ?? {},
        body,
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw fail('read', key, error);
    }
  }

  /**
   * A body produced piece by piece, uploaded as it comes: lib-storage's Upload reads the stream a
   * part at a time (a single PutObject when it ends within the first part), so at most
   * `queueSize` parts are held, never the whole body.
   */
  async function putStream(
    key: string,
    chunks: () => Iterable<string>,
    opts: PutOptions,
  ): Promise<StoredObject> {
    const counted = { bytes: 0 };
    const params = {
      Bucket: bucket,
      Key: key,
      Body: chunkStream(chunks, counted),
      ContentType: opts.contentType,
      Metadata: headerSafe(opts.metadata),
    };
    try {
      const upload = new Upload({ client, params, partSize, queueSize: 2, leavePartsOnError: false });
      await upload.done();
    } catch (error) {
      throw fail('write', key, error);
    }
    return { key, bytes: counted.bytes, location: location(key) };
  }

  return {
    putStream,
    async put(key, body, opts) {
      const { etag: _etag, ...stored } = await putObject(key, body, opts);
      return stored;
    },
    async get(key) {
      return (await read(key))?.body ?? null;
    },
    head,
    read,
    async putIf(key, body, opts, condition) {
      const current = await head(key);
      const holds = 'ifNoneMatch' in condition ? current === null : current?.etag === condition.ifMatch;
      if (!holds) throw new PreconditionFailedError(key, condition);
      return putObject(key, body, opts, condition);
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      try {
        do {
          const out = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
          for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
          token = out.IsTruncated ? out.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        throw fail('list', prefix, error);
      }
      return keys.sort();
    },
    async presign(key, { expiresInSeconds, downloadName }) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(downloadName
          ? { ResponseContentDisposition: `attachment; filename="${downloadName.replace(/["\\]/g, '_')}"` }
          : {}),
      });
      try {
        return await getSignedUrl(client, command, { expiresIn: expiresInSeconds });
      } catch (error) {
        throw fail('sign a link to', key, error);
      }
    },
  };
}

/** Status and S3 error name only: messages of some providers echo request details. */
function describe(error: unknown): string {
  if (error instanceof S3ServiceException) {
    return `${error.name}, HTTP ${error.$metadata.httpStatusCode ?? '?'}`;
  }
  if (error instanceof Error) return error.name === 'Error' ? error.message : error.name;
  return 'unknown error';
}
