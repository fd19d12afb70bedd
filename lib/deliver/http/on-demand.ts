/**
 * On-demand reports: the stored artefact of a request, built on first use.
 *
 * Equal requests share one folder, `reports/<service>/adhoc/<from>_<to>/<digest>/`, where the
 * digest covers the canonical request (service, datacenter, instants, zone, language and the
 * generator's version: a new release builds afresh). A stored artefact is reused unless it was
 * built less than `settleMs` after its range ended — samples may still have been arriving — or
 * with queries that failed. A run under the coverage floor stores nothing and answers 502.
 *
 * `format=json` builds the JSON alone, so the renderers (vega, pdfkit) are imported on the first
 * request that needs a PDF, HTML or CSV.
 */
import { createHash } from 'node:crypto';
import { VscopeError } from '../../core/errors.ts';
import type {
  DocumentKind,
  ObjectHead,
  ProgressListener,
  ReportBuilder,
  ServiceReportRequest,
  VersionedObjectStore,
} from '../../core/ports.ts';
import { CSV_CONTENT_TYPE, csvFileName, metadataValue } from '../../store/document-files.ts';
import { adhocFolder, CONTENT_TYPES } from '../../store/keys.ts';
import { GENERATOR } from '../../version.ts';
import type { ReportQuery } from './parse-query.ts';

export interface OnDemandDeps {
  readonly store: VersionedObjectStore;
  /** Builds and stores a report into the request's folder (the runtime's one builder). */
  readonly build: ReportBuilder;
  readonly settleMs: number;
}

export interface Artefact {
  readonly key: string;
  readonly head: ObjectHead;
  readonly contentType: string;
  /** Suggested download name. */
  readonly fileName: string;
  readonly reused: boolean;
}

/** The document asked for is not produced by this version (CSV before its composer exists). */
export class NotProducedError extends VscopeError {
  constructor(what: string) {
    super('RENDER', `This deployment does not produce ${what}.`, { expose: true, status: 501 });
  }
}

/** First 16 hex digits of SHA-256 over the canonical request: stable across key order and spelling. */
export function requestDigest(query: ReportQuery): string {
  const canonical = JSON.stringify([
    1,
    query.service,
    query.datacenter ?? '*',
    query.period.startMs,
    query.period.endMs,
    query.period.timeZone,
    query.language,
    GENERATOR.version,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function fileOf(query: ReportQuery): { name: string; contentType: string } {
  switch (query.format) {
    case 'pdf':
      return { name: 'report.pdf', contentType: CONTENT_TYPES.pdf };
    case 'html':
      return { name: 'report.html', contentType: CONTENT_TYPES.html };
    case 'csv':
      return { name: csvFileName(query.table), contentType: CSV_CONTENT_TYPE };
    default:
      return { name: 'report.json', contentType: CONTENT_TYPES.json };
  }
}

/** Where a request's artefact lives and how it is served. */
export interface ArtefactLocation {
  readonly folder: string;
  readonly key: string;
  readonly contentType: string;
  readonly fileName: string;
}

/** The artefact `query` asks for: its folder, key, content type and download name. */
export function locateArtefact(query: ReportQuery): ArtefactLocation {
  const folder = adhocFolder(query.service, query.period, requestDigest(query));
  const file = fileOf(query);
  const suffix = query.format === 'csv' ? `-${query.table}.csv` : `.${query.format}`;
  const scope = query.datacenter ? `${query.service}-${query.datacenter}` : query.service;
  const fileName = `vscope-${scope}-${query.period.label}${suffix}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { folder, key: `${folder}/${file.name}`, contentType: file.contentType, fileName };
}

/**
 * Whether a stored artefact may be served again: built after its range settled and with every
 * query answered. One built during an outage (or before this was recorded) is built again.
 */
export function isReusable(head: ObjectHead, query: ReportQuery, settleMs: number): boolean {
  const builtAt = Date.parse(metadataValue(head.metadata, 'generatedAt') ?? '');
  const settled = Number.isFinite(builtAt) && builtAt >= query.period.endMs + settleMs;
  return settled && metadataValue(head.metadata, 'failedQueries') === '0';
}

/** What the builder is asked for `query`: the JSON alone, or the whole set into the request's folder. */
export function artefactBuildRequest(query: ReportQuery): ServiceReportRequest {
  // The JSON alone needs no renderer; any other format builds the whole set, so the next
  // request for another format of the same report finds it stored.
  const formats: readonly DocumentKind[] | undefined = query.format === 'json' ? ['json'] : undefined;
  return {
    serviceName: query.service,
    datacenter: query.datacenter,
    period: query.period,
    language: query.language,
    folder: locateArtefact(query).folder,
    ...(formats ? { formats } : {}),
  };
}

/** The stored artefact of `query` once built; throws NotProducedError when the build left none. */
export async function builtArtefact(store: VersionedObjectStore, query: ReportQuery): Promise<Artefact> {
  const { key, contentType, fileName } = locateArtefact(query);
  const head = await store.head(key);
  if (!head) throw new NotProducedError(query.format === 'csv' ? `CSV (${query.table})` : query.format);
  return { key, head, contentType, fileName, reused: false };
}

/** The stored artefact of `query`, building the report first when needed. */
export async function produceArtefact(
  deps: OnDemandDeps,
  query: ReportQuery,
  signal?: AbortSignal,
  onProgress?: ProgressListener,
): Promise<Artefact> {
  const { key, contentType, fileName } = locateArtefact(query);
  const existing = await deps.store.head(key);
  if (existing && isReusable(existing, query, deps.settleMs)) {
    return { key, head: existing, contentType, fileName, reused: true };
  }
  await deps.build(artefactBuildRequest(query), signal, onProgress);
  return builtArtefact(deps.store, query);
}
