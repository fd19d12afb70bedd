/**
 * The small interfaces through which the pipeline touches the outside world. Handlers, the demo
 * and tests pass real or local implementations; nothing is module-mocked.
 */
import type { Documents, Inventory, Language, Period, ReportModel, Series, SummaryArchive } from './types.ts';

/** An OpenTSDB `/api/query` request body as the client sends it. */
export interface OpenTsdbQueryBody {
  readonly start: number;
  readonly end: number;
  readonly queries: readonly OpenTsdbSubQuery[];
  readonly showQuery: boolean;
  readonly msResolution: boolean;
}

export interface OpenTsdbFilter {
  readonly type: 'literal_or' | 'wildcard';
  readonly tagk: string;
  readonly filter: string;
  readonly groupBy: boolean;
}

export interface OpenTsdbSubQuery {
  readonly metric: string;
  readonly aggregator: 'avg' | 'sum';
  readonly downsample: string;
  readonly filters: readonly OpenTsdbFilter[];
}

/** Sends queries to an OpenTSDB-compatible endpoint and hands each successful answer's bytes to the caller's reader. */
export interface MetricsSource {
  /**
   * Sends one `/api/query` and gives the bytes of its successful answer to `read`, whose result
   * it returns. The bytes are valid until `read` (or the promise it returns) completes: the
   * buffer then serves the next request. A SyntaxError from `read` means the answer is not JSON.
   */
  query<T>(
    body: OpenTsdbQueryBody,
    read: (answer: Uint8Array) => T | Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>;
}

/**
 * Takes each fetched series as soon as it is whole (every time window in), so its figures can
 * be computed and its samples dropped while other requests are still in flight. The series'
 * arrays may be reused once `add` returns: a sink copies what it keeps.
 */
export interface SeriesSink {
  add(series: Series, requestedIntervalSeconds: number): void;
}

/** Lists the infrastructure to report on. */
export interface InventorySource {
  load(signal?: AbortSignal): Promise<Inventory>;
}

export interface PutOptions {
  readonly contentType: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface StoredObject {
  readonly key: string;
  readonly bytes: number;
  /** Where a person finds it: a file path or a URL. */
  readonly location: string;
}

/** Object storage: a local folder for the demo, S3-compatible storage in production. */
export interface ObjectStore {
  /** Writes the object so that readers see either nothing or the complete body. */
  put(key: string, body: Uint8Array | string, options: PutOptions): Promise<StoredObject>;
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Uint8Array | null>;
  /**
   * Writes the object from text produced piece by piece (a body too large to hold as one string:
   * `summaries.json` of a large estate), with the same visibility as `put`. Optional: callers
   * fall back to `put` with the pieces joined (see putChunks in lib/store/put-chunks.ts).
   */
  putStream?(key: string, chunks: () => Iterable<string>, options: PutOptions): Promise<StoredObject>;
}

/** Reports progress of a long run: stage name and a short detail. */
export type ProgressListener = (event: { readonly stage: string; readonly detail: string }) => void;

/** What a store knows about an object without reading its body. */
export interface ObjectHead {
  readonly key: string;
  readonly bytes: number;
  /** Opaque version tag, quoted as S3 returns it; changes whenever the body is rewritten. */
  readonly etag: string;
  readonly contentType: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** An object's body with what the store knows about it. */
export interface ObjectVersion extends ObjectHead {
  readonly body: Uint8Array;
}

/**
 * A write that happens only if the key is free (`ifNoneMatch: '*'`) or still holds the version
 * read before (`ifMatch: etag`); otherwise the store throws a PreconditionFailedError.
 */
export type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };

/**
 * An ObjectStore with what idempotent delivery and archiving need: versions, conditional writes,
 * listings and, where the store can, links that work without credentials.
 */
export interface VersionedObjectStore extends ObjectStore {
  head(key: string): Promise<ObjectHead | null>;
  read(key: string): Promise<ObjectVersion | null>;
  /** Writes only when `condition` holds; throws PreconditionFailedError when it does not. */
  putIf(
    key: string,
    body: Uint8Array | string,
    options: PutOptions,
    condition: WriteCondition,
  ): Promise<StoredObject & { readonly etag: string }>;
  /** Every key under `prefix`, in lexical order. */
  list(prefix: string): Promise<string[]>;
  /**
   * A URL that reads the object without credentials until it expires, or null when the store
   * cannot make one (a local folder).
   */
  presign(
    key: string,
    options: { readonly expiresInSeconds: number; readonly downloadName?: string },
  ): Promise<string | null>;
}

/** One e-mail, ready to send. */
export interface MailMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments?: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Uint8Array;
  }[];
  /** Extra headers, e.g. a stable `X-Vscope-Report` id for mail filters. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends e-mail (SMTP through nodemailer in production, a local SMTP server in tests). */
export interface Mailer {
  send(message: MailMessage): Promise<{ readonly messageId: string; readonly accepted: readonly string[] }>;
}

/** A job for the worker: one report to build and deliver. */
export interface ReportJob {
  readonly kind: 'weekly' | 'monthly';
  readonly serviceName: string;
  /** `2026-W47` for weekly jobs, `2026-11` for monthly ones. */
  readonly period: string;
  readonly timeZone: string;
}

/**
 * A job for the worker: the on-demand report a `GET /v1/reports` accepted (202), named by its job
 * id; what to build is in the job record in the store, never in the message.
 */
export interface AdhocJob {
  readonly kind: 'adhoc';
  readonly jobId: string;
}

/** What the queue carries: a scheduled report job or an on-demand one. */
export type QueuedJob = ReportJob | AdhocJob;

/** A queue of report jobs (SQS in production). */
export interface JobQueue {
  enqueue(jobs: readonly QueuedJob[]): Promise<{ readonly enqueued: number }>;
}

/** The files a report can be made of; `csv` is one file per component kind. */
export const DOCUMENT_KINDS = ['pdf', 'html', 'json', 'csv'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What to build: one service's report (or one of its datacenters) over a period. */
export interface ServiceReportRequest {
  readonly serviceName: string;
  /** A datacenter's id or name to report on alone; the whole service when absent. */
  readonly datacenter?: string | null;
  readonly period: Period;
  readonly language: Language;
  /** The documents to produce and store; all of them when absent. `report.json` is always written. */
  readonly formats?: readonly DocumentKind[];
  /** Folder the files are stored in; the period's (`reports/<service>/<kind>/<period>`) by default. */
  readonly folder?: string;
}

/** A report built and stored: its model, the documents produced and where they went. */
export interface BuiltReport {
  readonly model: ReportModel;
  readonly documents: Partial<Documents>;
  readonly summaries: SummaryArchive;
  readonly stored: readonly StoredObject[];
}

/**
 * Builds and stores one report from a service's own sources, opened and closed around the build:
 * the one way the command line, the scheduled jobs and the HTTP API make a report.
 */
export type ReportBuilder = (
  request: ServiceReportRequest,
  signal?: AbortSignal,
  /** Told of each stage as the build reaches it (the on-demand job records its progress). */
  onProgress?: ProgressListener,
) => Promise<BuiltReport>;
