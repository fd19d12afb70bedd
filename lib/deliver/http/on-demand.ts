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
import type { DocumentKind, ObjectHead, ReportBuilder, VersionedObjectStore } from '../../core/ports.ts';
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

/** The stored artefact of `query`, building the report first when needed. */
export async function produceArtefact(
  deps: OnDemandDeps,
  query: ReportQuery,
  signal?: AbortSignal,
): Promise<Artefact> {
  const folder = adhocFolder(query.service, query.period, requestDigest(query));
  const file = fileOf(query);
  const key = `${folder}/${file.name}`;
  const suffix = query.format === 'csv' ? `-${query.table}.csv` : `.${query.format}`;
  const scope = query.datacenter ? `${query.service}-${query.datacenter}` : query.service;
  const fileName = `vscope-${scope}-${query.period.label}${suffix}`.replace(/[^A-Za-z0-9._-]/g, '_');
  // Reused only when built after the range settled and with every query answered: an artefact
  // built during an outage (or before this was recorded) is built again.
  const reusable = (head: ObjectHead) => {
    const builtAt = Date.parse(metadataValue(head.metadata, 'generatedAt') ?? '');
    const settled = Number.isFinite(builtAt) && builtAt >= query.period.endMs + deps.settleMs;
    return settled && metadataValue(head.metadata, 'failedQueries') === '0';
  };
  const existing = await deps.store.head(key);
  if (existing && reusable(existing)) {
    return { key, head: existing, contentType: file.contentType, fileName, reused: true };
  }

  // The JSON alone needs no renderer; any other format builds the whole set, so the next
  // request for another format of the same report finds it stored.
  const formats: readonly DocumentKind[] | undefined = query.format === 'json' ? ['json'] : undefined;
  await deps.build(
    {
      serviceName: query.service,
      datacenter: query.datacenter,
      period: query.period,
      language: query.language,
      folder,
      ...(formats ? { formats } : {}),
    },
    signal,
  );
  const head = await deps.store.head(key);
  if (!head) throw new NotProducedError(query.format === 'csv' ? `CSV (${query.table})` : query.format);
  return { key, head, contentType: file.contentType, fileName, reused: false };
}
