/** Stage 2, fetch: the time series of the period and what could not be fetched. */
import type { MetricName } from './catalogue.ts';
import type { Period } from './types-period.ts';

/** One time series as returned by the metrics source, timestamps in epoch seconds, ascending. */
export interface Series {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  /** Value of the metric's component tag (vm moRef, host name, datastore name). */
  readonly component: string;
  /** Host network metrics come per NIC (`nicname` tag, vmnic0..); absent for every other metric. */
  readonly nic?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** The key of a series among others: datacenter, metric and component (not the NIC). */
export function seriesKey(datacenterTag: string, metric: string, component: string): string {
  return `${datacenterTag}\u0000${metric}\u0000${component}`;
}

/** A copy of a series with arrays of its own (a reader's arrays are reused for the next series). */
export function ownSeries(series: Series): Series {
  return { ...series, timestamps: series.timestamps.slice(), values: series.values.slice() };
}

/** Data that was asked for and could not be obtained. Gaps are reported, never zero-filled. */
export interface FetchGap {
  readonly metric: MetricName;
  readonly datacenterTag: string;
  /** Components the failed query covered; empty when it covered the whole datacenter. */
  readonly components: readonly string[];
  readonly reason: string;
  /** The part of the period the failed query covered, when it was not the whole period. */
  readonly window?: { readonly startMs: number; readonly endMs: number };
}

/** Stage 2 output: every series of the period, plus what could not be fetched. */
export interface SeriesSet {
  readonly period: Period;
  /** The bucket width the series were requested at (the expected sample spacing). */
  readonly intervalSeconds: number;
  readonly series: readonly Series[];
  readonly gaps: readonly FetchGap[];
  readonly requests: number;
}
