/**
 * A VersionedObjectStore in memory, with real S3's semantics for conditional writes (412 when
 * the condition fails) — or, with `enforceConditions: false`, with the local servers' ones
 * (conditions ignored), so code that must survive both can be tested against both. Every
 * operation yields to the event loop first, so concurrent callers interleave as they would over
 * a network.
 */
import { PreconditionFailedError } from '../lib/core/errors.ts';
import type {
  ObjectHead,
  ObjectVersion,
  PutOptions,
  StoredObject,
  VersionedObjectStore,
  WriteCondition,
} from '../lib/core/ports.ts';
import { byteLength, contentEtag } from '../lib/store/etag.ts';

export interface MemoryStoreOptions {
  /** False behaves like s3rver and fauxqs: If-Match / If-None-Match are ignored. Default true. */
  readonly enforceConditions?: boolean;
  /** Runs before every operation; the default yields one macrotask. */
  readonly pause?: (operation: string, key: string) => Promise<void>;
}

export interface MemoryStore extends VersionedObjectStore {
  /** Counts of writes and refused conditional writes, for assertions. */
  readonly stats: { writes: number; preconditionFailures: number };
  keys(): string[];
}

interface Entry {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

const toBytes = (body: Uint8Array | string): Uint8Array =>
  typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);

/** Creates an empty in-memory store. */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const objects = new Map<string, Entry>();
  const enforce = options.enforceConditions ?? true;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const stats = { writes: 0, preconditionFailures: 0 };
  const write = (key: string, body: Uint8Array | string, opts: PutOptions) => {
    const bytes = toBytes(body);
    const etag = contentEtag(bytes);
    objects.set(key, { body: bytes, etag, contentType: opts.contentType, metadata: { ...opts.metadata } });
    stats.writes++;
    return { key, bytes: byteLength(bytes), location: `memory://${key}`, etag };
  };
  const headOf = (key: string, e: Entry): ObjectHead => ({
    key,
    bytes: e.body.byteLength,
    etag: e.etag,
    contentType: e.contentType,
    metadata: e.metadata,
  });
  return {
    stats,
    keys: () => [...objects.keys()].sort(),
    async put(key, body, opts): Promise<StoredObject> {
      await pause('put', key);
      const { etag: _etag, ...stored } = write(key, body, opts);
      return stored;
    },
    async get(key) {
      await pause('get', key);
      const e = objects.get(key);
      return e ? new Uint8Array(e.body) : null;
    },
    async head(key) {
      await pause('head', key);
      const e = objects.get(key);
      return e ? headOf(key, e) : null;
    },
    async read(key): Promise<ObjectVersion | null> {
      await pause('read', key);
      const e = objects.get(key);
      return e ? { ...headOf(key, e), body: new Uint8Array(e.body) } : null;
    },
    async putIf(key, body, opts, condition: WriteCondition) {
      await pause('putIf', key);
      const current = objects.get(key);
      const holds = 'ifNoneMatch' in condition ? !current : current?.etag === condition.ifMatch;
      if (enforce && !holds) {
        stats.preconditionFailures++;
        throw new PreconditionFailedError(key, condition);
      }
      return write(key, body, opts);
    },
    async list(prefix) {
      await pause('list', prefix);
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async presign() {
      return null;
    },
  };
}
