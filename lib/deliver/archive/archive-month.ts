/**
 * The monthly archive of one service: under `archive/<service>/<YYYY-MM>/`
 *
 *   summary.json    headline figures, findings and the month's mergeable daily summaries
 *   report.pdf      the month's report
 *   report.html
 *   manifest.json   written last: the files, their sizes and SHA-256; its presence means "archived"
 *
 * Every file is created with `If-None-Match: *` and never overwritten: a second run finds the
 * manifest, keeps the original and says so. Then the month is added to `archive/index.json`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PreconditionFailedError } from '../../core/errors.ts';
import type { VersionedObjectStore } from '../../core/ports.ts';
import type { Language, Period, SummaryArchive } from '../../core/types.ts';
import { type ArchiveFile, archiveKey, CONTENT_TYPES } from '../../store/keys.ts';
import type { ReportDigest } from '../mail/report-digest.ts';
import { type PublishedReportBuilder, storedOrBuilt } from '../published-report.ts';
import { addToArchiveIndex, type IndexEntry } from './archive-index.ts';

export interface ArchiveDeps {
  readonly store: VersionedObjectStore;
  readonly build: PublishedReportBuilder;
  readonly now: () => Date;
}

/** `summary.json` of an archived month. */
export interface MonthSummary {
  readonly schemaVersion: 1;
  readonly serviceName: string;
  readonly month: string;
  readonly timeZone: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly generator: ReportDigest['generator'];
  readonly generatedAt: string;
  readonly coveragePct: number;
  readonly datacenters: readonly ReportDigest['datacenters'][number]['rollup'][];
  readonly findings: readonly { id: string; severity: string; status: string; title: string }[];
  /** Per series and local day: what any longer period's figures are recomputed from. */
  readonly dailySummaries: SummaryArchive;
}

const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  serviceName: z.string(),
  month: z.string(),
  timeZone: z.string(),
  archivedAt: z.string(),
  coveragePct: z.number(),
  files: z.record(z.string(), z.object({ key: z.string(), bytes: z.number(), sha256: z.string() })),
  keptFromEarlierRun: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export type ArchiveOutcome =
  | { readonly status: 'archived'; readonly manifest: Manifest; readonly reused: boolean }
  | { readonly status: 'kept'; readonly manifest: Manifest; readonly message: string };

const sha256 = (body: Uint8Array | string) => createHash('sha256').update(body).digest('hex');

/** Reads a month's manifest; null when absent or not a manifest. */
export async function readManifest(store: VersionedObjectStore, key: string): Promise<Manifest | null> {
  const bytes = await store.get(key);
  if (!bytes) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const entryOf = (m: Manifest, key: string): IndexEntry => ({
  serviceName: m.serviceName,
  month: m.month,
  timeZone: m.timeZone,
  archivedAt: m.archivedAt,
  coveragePct: m.coveragePct,
  manifest: key,
});

/** Archives `month` (a calendar-month period) of one service, once. */
export async function archiveMonth(
  deps: ArchiveDeps,
  request: { readonly serviceName: string; readonly month: Period; readonly language: Language },
): Promise<ArchiveOutcome> {
  const { store } = deps;
  const { serviceName, month } = request;
  const manifestKey = archiveKey(serviceName, month.label, 'manifest');
  const indexOptions = {
    now: deps.now,
    readManifest: async (key: string) => {
      const m = await readManifest(store, key);
      return m ? entryOf(m, key) : null;
    },
  };

  const existing = await readManifest(store, manifestKey);
  if (existing) {
    // Make sure the index has it (a run may have died between the manifest and the index).
    await addToArchiveIndex(store, [entryOf(existing, manifestKey)], indexOptions);
    return {
      status: 'kept',
      manifest: existing,
      message: `archive/${serviceName}/${month.label}/ was archived at ${existing.archivedAt}; the original is kept.`,
    };
  }

  const report = await storedOrBuilt(store, deps.build, {
    serviceName,
    period: month,
    language: request.language,
  });
  const summary: MonthSummary = {
    schemaVersion: 1,
    serviceName,
    month: month.label,
    timeZone: month.timeZone,
    startMs: month.startMs,
    endMs: month.endMs,
    generator: report.digest.generator,
    generatedAt: report.digest.generatedAt,
    coveragePct: report.digest.coverage.pct,
    datacenters: report.digest.datacenters.map((dc) => dc.rollup),
    findings: report.digest.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      status: f.status,
      title: f.title,
    })),
    dailySummaries: report.summaries,
  };
  const files: [ArchiveFile, Uint8Array | string, string][] = [
    ['summary', `${JSON.stringify(summary)}\n`, CONTENT_TYPES.json],
    ['pdf', report.pdf, CONTENT_TYPES.pdf],
    ['html', report.html, CONTENT_TYPES.html],
  ];
  const metadata = {
    period: month.label,
    timeZone: month.timeZone,
    coveragePct: summary.coveragePct.toFixed(2),
  };
  const listed: Manifest['files'] = {};
  const kept: string[] = [];
  for (const [file, body, contentType] of files) {
    const key = archiveKey(serviceName, month.label, file);
    try {
      const stored = await store.putIf(key, body, { contentType, metadata }, { ifNoneMatch: '*' });
      listed[file] = { key, bytes: stored.bytes, sha256: sha256(body) };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      // Left by a run that died before its manifest: keep it, describe what is there.
      const there = await store.get(key);
      kept.push(file);
      listed[file] = { key, bytes: there?.byteLength ?? 0, sha256: there ? sha256(there) : '' };
    }
  }
  const manifest: Manifest = {
    schemaVersion: 1,
    serviceName,
    month: month.label,
    timeZone: month.timeZone,
    archivedAt: deps.now().toISOString(),
    coveragePct: summary.coveragePct,
    files: listed,
    keptFromEarlierRun: kept,
  };
  try {
    await store.putIf(
      manifestKey,
      `${JSON.stringify(manifest, null, 2)}\n`,
      { contentType: CONTENT_TYPES.json },
      {
        ifNoneMatch: '*',
      },
    );
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const theirs = (await readManifest(store, manifestKey)) ?? manifest;
    await addToArchiveIndex(store, [entryOf(theirs, manifestKey)], indexOptions);
    return {
      status: 'kept',
      manifest: theirs,
      message: `archive/${serviceName}/${month.label}/ was archived concurrently at ${theirs.archivedAt}; that one is kept.`,
    };
  }
  await addToArchiveIndex(store, [entryOf(manifest, manifestKey)], indexOptions);
  return { status: 'archived', manifest, reused: report.reused };
}
