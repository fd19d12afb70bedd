/**
 * `archive/index.json`: one entry per archived (service, month), kept complete while several
 * monthly runs (one per service, fanned out) add entries at the same time.
 *
 * Each writer loops: read the index and its ETag, add what is missing, write with `If-Match`
 * (or `If-None-Match: *` for the first), and on 412 start again. Where the server ignores the
 * conditions (local S3 servers, some providers), two writers can still overwrite each other, so
 * a writer only stops once a read made *after* its last write shows every archived month — the
 * manifests listed under `archive/` — in the index. Whoever writes last therefore leaves a
 * complete index, and any later run repairs an entry lost before.
 */
import { z } from 'zod';
import { PreconditionFailedError, StoreError } from '../../core/errors.ts';
import type { VersionedObjectStore } from '../../core/ports.ts';
import { ARCHIVE_FILES, ARCHIVE_INDEX_KEY } from '../../store/keys.ts';

export interface IndexEntry {
  readonly serviceName: string;
  readonly month: string;
  readonly timeZone: string;
  readonly archivedAt: string;
  readonly coveragePct: number;
  /** Key of the month's manifest, which lists its files. */
  readonly manifest: string;
}

export interface ArchiveIndex {
  readonly schemaVersion: 1;
  readonly updatedAt: string;
  readonly entries: readonly IndexEntry[];
}

const entrySchema = z.object({
  serviceName: z.string(),
  month: z.string(),
  timeZone: z.string(),
  archivedAt: z.string(),
  coveragePct: z.number(),
  manifest: z.string(),
});

const indexSchema = z.object({
  schemaVersion: z.literal(1),
  updatedAt: z.string(),
  entries: z.array(entrySchema),
});

export const INDEX_LIMITS = { maxAttempts: 12, backoffMs: 20 } as const;

const idOf = (e: Pick<IndexEntry, 'serviceName' | 'month'>) => `${e.serviceName}/${e.month}`;

/** The index, or an empty one when there is none yet. */
export async function readArchiveIndex(
  store: VersionedObjectStore,
): Promise<{ index: ArchiveIndex; etag: string | null }> {
  const version = await store.read(ARCHIVE_INDEX_KEY);
  if (!version) return { index: { schemaVersion: 1, updatedAt: '', entries: [] }, etag: null };
  const parsed = indexSchema.safeParse(JSON.parse(new TextDecoder().decode(version.body)));
  if (!parsed.success) {
    throw new StoreError(`${ARCHIVE_INDEX_KEY} is not an archive index; move it aside and run again.`, {
      context: { key: ARCHIVE_INDEX_KEY },
    });
  }
  return { index: parsed.data, etag: version.etag };
}

/** The index entry a month's manifest describes. */
export type ManifestReader = (key: string) => Promise<IndexEntry | null>;

export interface IndexOptions {
  readonly now: () => Date;
  readonly readManifest: ManifestReader;
  readonly pause?: (ms: number) => Promise<void>;
}

/**
 * Writes the index with the `pending` entries it lacks, conditionally on the version read.
 * False when another writer got there first (412): read again and retry.
 */
async function writeMissing(
  store: VersionedObjectStore,
  pending: ReadonlyMap<string, IndexEntry>,
  now: () => Date,
): Promise<boolean> {
  const { index, etag } = await readArchiveIndex(store);
  const known = new Set(index.entries.map(idOf));
  const missing = [...pending.values()].filter((e) => !known.has(idOf(e)));
  if (missing.length === 0) return true;
  const next: ArchiveIndex = {
    schemaVersion: 1,
    updatedAt: now().toISOString(),
    entries: [...index.entries, ...missing].sort((a, b) => idOf(a).localeCompare(idOf(b))),
  };
  try {
    await store.putIf(
      ARCHIVE_INDEX_KEY,
      `${JSON.stringify(next, null, 2)}\n`,
      { contentType: 'application/json' },
      etag === null ? { ifNoneMatch: '*' } : { ifMatch: etag },
    );
    return true;
  } catch (error) {
    if (error instanceof PreconditionFailedError) return false;
    throw error;
  }
}

/**
 * Reads the index after our write and lists the archived months: the entries still absent
 * from it (ours, or months whose writer lost its update), read from their manifests.
 */
async function stillAbsent(
  store: VersionedObjectStore,
  pending: ReadonlyMap<string, IndexEntry>,
  unreadable: Set<string>,
  readManifest: ManifestReader,
): Promise<{ index: ArchiveIndex; absent: Map<string, IndexEntry> }> {
  const { index } = await readArchiveIndex(store);
  const inIndex = new Set(index.entries.map(idOf));
  const absent = new Map([...pending].filter(([id]) => !inIndex.has(id)));
  for (const listed of await listManifests(store)) {
    if (inIndex.has(listed.id) || absent.has(listed.id) || unreadable.has(listed.id)) continue;
    const entry = await readManifest(listed.key);
    // An unreadable manifest is reported by the run that wrote it, not retried forever here.
    if (entry) absent.set(listed.id, entry);
    else unreadable.add(listed.id);
  }
  return { index, absent };
}

/** Adds `entries` to the index without losing anyone else's; returns the index it left. */
export async function addToArchiveIndex(
  store: VersionedObjectStore,
  entries: readonly IndexEntry[],
  options: IndexOptions,
): Promise<{ index: ArchiveIndex; attempts: number }> {
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let pending = new Map(entries.map((e) => [idOf(e), e]));
  const unreadable = new Set<string>();
  for (let attempt = 1; attempt <= INDEX_LIMITS.maxAttempts; attempt++) {
    if (!(await writeMissing(store, pending, options.now))) {
      // Someone wrote in between: back off with jitter, then merge into their version.
      await pause(INDEX_LIMITS.backoffMs * attempt * (0.5 + Math.random()));
      continue;
    }
    const { index, absent } = await stillAbsent(store, pending, unreadable, options.readManifest);
    if (absent.size === 0) return { index, attempts: attempt };
    pending = absent;
  }
  throw new StoreError(
    `${ARCHIVE_INDEX_KEY}: still losing entries to concurrent writers after ${INDEX_LIMITS.maxAttempts} attempts; run the monthly archive again.`,
    { context: { key: ARCHIVE_INDEX_KEY } },
  );
}

async function listManifests(store: VersionedObjectStore): Promise<{ id: string; key: string }[]> {
  const suffix = `/${ARCHIVE_FILES.manifest}`;
  return (await store.list('archive/'))
    .filter((key) => key.endsWith(suffix))
    .map((key) => ({ id: key.slice('archive/'.length, -suffix.length), key }));
}
