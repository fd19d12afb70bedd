/**
 * The small interfaces through which the pipeline touches the outside world. Handlers, the demo
 * and tests pass real or local implementations; nothing is module-mocked.
 */
import type { Inventory } from './types.ts';

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

/** Sends one query to an OpenTSDB-compatible endpoint and returns the decoded JSON body. */
export interface MetricsSource {
  query(body: OpenTsdbQueryBody, signal?: AbortSignal): Promise<unknown>;
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
}

/** Reports progress of a long run: stage name and a short detail. */
export type ProgressListener = (event: { readonly stage: string; readonly detail: string }) => void;
