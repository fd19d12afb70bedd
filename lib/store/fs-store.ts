/**
 * ObjectStore on a local folder, for the demo and the command line. Keys map to paths under the
 * root; each object is written to a temporary file and renamed into place, so a reader sees the
 * whole file or none. Metadata goes to a `<file>.meta.json` sidecar.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { StoreError } from '../core/errors.ts';
import type { ObjectStore, PutOptions, StoredObject } from '../core/ports.ts';

/** Creates an ObjectStore that writes below `root`. */
export function createFsStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const path = resolve(base, key);
    if (!path.startsWith(base + sep) || key.includes('\\')) {
      throw new StoreError(`Object key '${key}' escapes the store's folder.`, { context: { key } });
    }
    return path;
  };
  return {
    async put(key: string, body: Uint8Array | string, options: PutOptions): Promise<StoredObject> {
      const path = pathOf(key);
      const tmp = `${path}.${randomUUID()}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(tmp, body);
        if (options.metadata) {
          const meta = JSON.stringify({ contentType: options.contentType, ...options.metadata }, null, 2);
          await writeFile(`${path}.meta.json`, meta);
        }
        await rename(tmp, path);
      } catch (cause) {
        throw new StoreError(`Could not write '${key}' under ${base}.`, { cause, context: { key } });
      }
      const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
      return { key, bytes, location: path };
    },
    async get(key: string): Promise<Uint8Array | null> {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new StoreError(`Could not read '${key}' under ${base}.`, { cause, context: { key } });
      }
    },
  };
}
