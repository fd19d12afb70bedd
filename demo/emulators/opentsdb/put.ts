/**
 * `/api/put`: one data point or an array of them, each stored or rejected on its own, as stock
 * does; the caller turns the tally into 204, or 400 with the errors when any point failed.
 */
import { TsdbError } from './errors.ts';
import type { IncomingPoint, SeriesStore } from './store.ts';

export interface PutOutcome {
  readonly success: number;
  readonly failed: number;
  readonly errors: readonly { readonly datapoint: unknown; readonly error: string }[];
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function toPoint(raw: unknown): IncomingPoint {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TsdbError(400, 'Expected a data point object');
  }
  const { metric, timestamp, value, tags } = raw as Record<string, unknown>;
  if (typeof metric !== 'string' || metric === '') throw new TsdbError(400, 'Metric name was empty');
  const ts = numeric(timestamp);
  if (ts === null) throw new TsdbError(400, 'Invalid timestamp');
  const v = numeric(value);
  if (v === null) throw new TsdbError(400, 'Unable to parse value to a number');
  return { metric, timestamp: ts, value: v, tags: tags as IncomingPoint['tags'] };
}

/** Stores every valid point of a put body and reports the others. */
export function putPoints(store: SeriesStore, body: unknown): PutOutcome {
  const list = Array.isArray(body) ? body : [body];
  const errors: { datapoint: unknown; error: string }[] = [];
  let success = 0;
  for (const raw of list) {
    try {
      success += store.put(toPoint(raw));
    } catch (error) {
      if (!(error instanceof TsdbError)) throw error;
      errors.push({ datapoint: raw, error: error.message });
    }
  }
  return { success, failed: errors.length, errors };
}
