/**
 * ObjectStore on a local folder, for the demo, the command line and `npm run serve`. Keys map
 * to paths under the root; each object is written to a temporary file and renamed into place,
 * so a reader sees the whole file or none. Metadata goes to a `<file>.meta.json` sidecar.
 * Conditional creation is atomic (a hard link fails if the name exists); `ifMatch` compares
 * then renames, which is enough for one process. No links without credentials: presign
 * answers null and callers serve the bytes themselves.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PreconditionFailedError, StoreError } from '../core/errors.ts';
import type {
  ObjectHead,
  ObjectVersion,
  PutOptions,
  StoredObject,
  VersionedObjectStore,
  WriteCondition,
} from '../core/ports.ts';
import { byteLength, contentEtag } from './etag.ts';
import { chunkStream } from './put-chunks.ts';

const SIDECAR = '.meta.json';
const TMP = '.tmp';

const isMissing = (cause: unknown): boolean => (cause as NodeJS.ErrnoException).code === 'ENOENT';

/** Creates an ObjectStore that writes below `root`. */
export function createFsStore(root: string): VersionedObjectStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const path = resolve(base, key);
    if (!path.startsWith(base + sep) || key.includes('\\')) {
      throw new StoreError(`Object key '${key}' escapes the store's folder.`, { context: { key } });
    }
    return path;
  };
  const fail = (what: string, key: string, cause: unknown) =>
    new StoreError(`Could not ${what} '${key}' under ${base}.`, { cause, context: { key } });

  /** Where a put stages its sidecar: beside it, under a temporary name; null without metadata. */
  const stagedSidecar = (path: string, options: PutOptions): string | null =>
    options.metadata ? `${path}${SIDECAR}.${randomUUID()}${TMP}` : null;

  async function writeSidecar(target: string, options: PutOptions): Promise<void> {
    if (!options.metadata) return;
    const meta = JSON.stringify({ contentType: options.contentType, ...options.metadata }, null, 2);
    await writeFile(target, meta);
  }

  /** Removes what a failed write left behind; a name never written is no error. */
  const discard = (...paths: (string | null)[]): Promise<unknown> =>
    Promise.all(paths.map((p) => (p ? unlink(p).catch(() => undefined) : undefined)));

  async function read(key: string): Promise<ObjectVersion | null> {
    const path = pathOf(key);
    let body: Uint8Array;
    try {
      body = new Uint8Array(await readFile(path));
    } catch (cause) {
      if (isMissing(cause)) return null;
      throw fail('read', key, cause);
    }
    let sidecar: Record<string, string> = {};
    try {
      sidecar = JSON.parse(await readFile(`${path}${SIDECAR}`, 'utf8')) as Record<string, string>;
    } catch {
      // No sidecar: written without metadata.
    }
    const { contentType, ...metadata } = sidecar;
    return {
      key,
      bytes: body.byteLength,
      etag: contentEtag(body),
      contentType: contentType ?? null,
      metadata,
      body,
    };
  }

  /** Writes the object's bytes to a temporary file with `write`, then moves it and its sidecar in. */
  async function staged(
    key: string,
    options: PutOptions,
    write: (tmp: string) => Promise<void>,
  ): Promise<string> {
    const path = pathOf(key);
    const tmp = `${path}.${randomUUID()}${TMP}`;
    // The sidecar is staged too and moved in only after the object: a failed write leaves
    // neither a temporary file nor a sidecar without its object, and an older object keeps its own.
    const metaTmp = stagedSidecar(path, options);
    try {
      await mkdir(dirname(path), { recursive: true });
      await write(tmp);
      if (metaTmp) await writeSidecar(metaTmp, options);
      await rename(tmp, path);
      if (metaTmp) await rename(metaTmp, `${path}${SIDECAR}`);
    } catch (cause) {
      await discard(tmp, metaTmp);
      throw fail('write', key, cause);
    }
    return path;
  }

  async function put(key: string, body: Uint8Array | string, options: PutOptions): Promise<StoredObject> {
    const path = await staged(key, options, (tmp) => writeFile(tmp, body));
    return { key, bytes: byteLength(body), location: path };
  }

  /** A body written as it is produced, through a file stream: never whole in memory. */
  async function putStream(
    key: string,
    chunks: () => Iterable<string>,
    options: PutOptions,
  ): Promise<StoredObject> {
    const counted = { bytes: 0 };
    const path = await staged(key, options, (tmp) =>
      pipeline(chunkStream(chunks, counted), createWriteStream(tmp)),
    );
    return { key, bytes: counted.bytes, location: path };
  }

  async function create(key: string, body: Uint8Array | string, options: PutOptions): Promise<StoredObject> {
    const path = pathOf(key);
    const tmp = `${path}.${randomUUID()}${TMP}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, body);
      try {
        await link(tmp, path);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new PreconditionFailedError(key, { ifNoneMatch: '*' });
        }
        throw cause;
      }
      await writeSidecar(`${path}${SIDECAR}`, options);
    } catch (cause) {
      if (cause instanceof PreconditionFailedError) throw cause;
      throw fail('write', key, cause);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    return { key, bytes: byteLength(body), location: path };
  }

  async function walk(dir: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true, recursive: true });
    } catch (cause) {
      if (isMissing(cause)) return [];
      throw cause;
    }
    return entries
      .filter((e) => e.isFile() && !e.name.endsWith(SIDECAR) && !e.name.endsWith(TMP))
      .map((e) => relative(base, join(e.parentPath, e.name)).split(sep).join('/'));
  }

  return {
    put,
    putStream,
    async get(key) {
      return (await read(key))?.body ?? null;
    },
    async head(key): Promise<ObjectHead | null> {
      const version = await read(key);
      if (!version) return null;
      const { body: _body, ...headOnly } = version;
      return headOnly;
    },
    read,
    async putIf(key, body, options, condition: WriteCondition) {
      if ('ifNoneMatch' in condition) {
        const stored = await create(key, body, options);
        return { ...stored, etag: contentEtag(body) };
      }
      const current = await read(key);
      if (current?.etag !== condition.ifMatch) throw new PreconditionFailedError(key, condition);
      const stored = await put(key, body, options);
      return { ...stored, etag: contentEtag(body) };
    },
    async list(prefix) {
      // Walk the deepest folder the prefix names, then filter on the whole prefix.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const start = folder ? pathOf(folder) : base;
      try {
        return (await walk(start)).filter((k) => k.startsWith(prefix)).sort();
      } catch (cause) {
        throw fail('list', prefix, cause);
      }
    },
    async presign() {
      return null;
    },
  };
}
