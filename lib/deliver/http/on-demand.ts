/**
 * On-demand reports: the stored artefact of a request, built on first use.
 *
 * Equal requests share one folder, `reports/<service>/adhoc/<from>_<to>/<digest>/`, where the
 * digest covers the canonical request (service, datacenter, instants, zone, language and the
 * generator's version: a new release builds afresh). A stored artefact is reused unless it was
 * built less than `settleMs` after its range ended — samples may still have been arriving.
 *
 * `format=json` runs the pipeline's stages 1–4 and the JSON composer only; the renderers (vega,
 * pdfkit) are imported on the first request that needs a PDF, HTML or CSV.
 */
import { createHash } from 'node:crypto';
import { analyseReport } from '../../analyse.ts';
import { composeJson } from '../../compose/json.ts';
import { InventoryError, VscopeError } from '../../core/errors.ts';
import type { InventorySource, MetricsSource, ObjectHead, VersionedObjectStore } from '../../core/ports.ts';
import type { FetchOptions } from '../../fetch/fetch-series.ts';
import type { FindingsConfig } from '../../findings/config.ts';
import type { PipelineDeps, ReportRequest } from '../../pipeline.ts';
import { CSV_CONTENT_TYPE, csvFileName, metadataValue, reportMetadata } from '../../store/document-files.ts';
import { adhocFolder, CONTENT_TYPES, SUMMARIES_NAME } from '../../store/keys.ts';
import { GENERATOR } from '../../version.ts';
import type { ReportQuery } from './parse-query.ts';

/** The sources of one service, closed after each build. */
export interface ServiceSourcesHandle {
  readonly inventory: InventorySource;
  readonly metrics: MetricsSource;
  close(): Promise<void>;
}

export interface OnDemandDeps {
  readonly store: VersionedObjectStore;
  readonly openSources: (serviceName: string, signal?: AbortSignal) => Promise<ServiceSourcesHandle>;
  readonly fetch: FetchOptions;
  readonly findings: FindingsConfig;
  readonly now: () => Date;
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

/** The datacenter asked for is not in the service (answered 404: the caller may read the service). */
export class UnknownDatacenterError extends InventoryError {
  constructor(serviceName: string, datacenter: string) {
    super(`Service ${serviceName} has no datacenter '${datacenter}' (give its id or name).`, {
      expose: true,
      status: 404,
      context: { field: 'datacenter' },
    });
  }
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

/** Keeps only the datacenter asked for; matches its id or its name. */
function oneDatacenter(
  source: InventorySource,
  serviceName: string,
  datacenter: string | null,
): InventorySource {
  if (datacenter === null) return source;
  return {
    async load(signal) {
      const inventory = await source.load(signal);
      const kept = inventory.datacenters.filter(
        (dc) => String(dc.datacenterId) === datacenter || dc.name === datacenter,
      );
      if (kept.length === 0) throw new UnknownDatacenterError(serviceName, datacenter);
      return { ...inventory, datacenters: kept };
    },
  };
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
  const settled = (head: ObjectHead) => {
    const builtAt = Date.parse(metadataValue(head.metadata, 'generatedAt') ?? '');
    return Number.isFinite(builtAt) && builtAt >= query.period.endMs + deps.settleMs;
  };
  const existing = await deps.store.head(key);
  if (existing && settled(existing)) {
    return { key, head: existing, contentType: file.contentType, fileName, reused: true };
  }

  const sources = await deps.openSources(query.service, signal);
  try {
    const pipelineDeps: PipelineDeps = {
      inventory: oneDatacenter(sources.inventory, query.service, query.datacenter),
      metrics: sources.metrics,
      store: deps.store,
      now: deps.now,
      ...(signal ? { signal } : {}),
    };
    const request: ReportRequest = {
      period: query.period,
      fetch: deps.fetch,
      findings: deps.findings,
      language: query.language,
      folder,
    };
    if (query.format === 'json') {
      const { model, aggregates } = await analyseReport(pipelineDeps, request);
      const metadata = reportMetadata(model);
      await deps.store.put(key, composeJson(model), { contentType: CONTENT_TYPES.json, metadata });
      await deps.store.put(`${folder}/${SUMMARIES_NAME}`, `${JSON.stringify(aggregates.summaries)}\n`, {
        contentType: CONTENT_TYPES.json,
        metadata,
      });
    } else {
      const { buildReport } = await import('../../pipeline.ts');
      await buildReport(pipelineDeps, request);
    }
  } finally {
    await sources.close();
  }
  const head = await deps.store.head(key);
  if (!head) throw new NotProducedError(query.format === 'csv' ? `CSV (${query.table})` : query.format);
  return { key, head, contentType: file.contentType, fileName, reused: false };
}
