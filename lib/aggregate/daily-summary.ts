/**
 * Mergeable daily summaries: per series and local day, count, exact sum, sum of squares
 * (compensated: within a few ulps), min, max and a log-bucketed sketch (sketch.ts). Any run of
 * days merges into the figures of the longer period: count, min, max and mean exactly as from
 * the raw samples (the sums are exact, so the mean is the same double), the population standard
 * deviation to rounding, and the percentiles within the sketch's relative accuracy.
 */
import type { DailySummary } from '../core/types.ts';
import { CompensatedSum, ExactSum } from './exact-sum.ts';
import { LogSketch } from './sketch.ts';

/** Collects one day of one series. */
export class DayAccumulator {
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly sum = new ExactSum();
  /** Sums of squares merged from other summaries; the day's own samples go to `squares`. */
  readonly sumSquares = new ExactSum();
  readonly sketch: LogSketch;
  private readonly squares = new CompensatedSum();

  constructor(
    readonly day: string,
    relativeAccuracy: number,
  ) {
    this.sketch = new LogSketch(relativeAccuracy);
  }

  /** Adds one finite sample. */
  add(value: number): void {
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sum.add(value);
    this.squares.add(value * value);
    this.sketch.add(value);
  }

  toJSON(): DailySummary {
    const sumSquares = new ExactSum(this.sumSquares.toJSON());
    sumSquares.merge(this.squares.partials());
    return {
      day: this.day,
      count: this.count,
      sum: this.sum.toJSON(),
      sumSquares: sumSquares.toJSON(),
      min: this.min,
      max: this.max,
      sketch: this.sketch.toJSON(),
    };
  }
}

/** Figures recomputed from summaries; null where there is no sample. */
export interface MergedFigures {
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Population standard deviation, from the exact sums (Σx²/n − mean², floored at 0). */
  readonly stdDev: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** Merges any number of daily summaries (same sketch accuracy) into one. */
export function mergeSummaries(days: readonly DailySummary[], day = 'merged'): DailySummary {
  const first = days[0];
  const accuracy = first?.sketch.relativeAccuracy ?? 0.01;
  const acc = new DayAccumulator(day, accuracy);
  for (const d of days) {
    acc.count += d.count;
    if (d.min < acc.min) acc.min = d.min;
    if (d.max > acc.max) acc.max = d.max;
    acc.sum.merge(d.sum);
    acc.sumSquares.merge(d.sumSquares);
    acc.sketch.merge(d.sketch);
  }
  return acc.toJSON();
}

/** The figures of one (possibly merged) summary. */
export function figuresOf(summary: DailySummary): MergedFigures {
  const n = summary.count;
  if (n === 0) {
    return { count: 0, min: null, max: null, mean: null, stdDev: null, p50: null, p95: null, p99: null };
  }
  const mean = Math.min(summary.max, Math.max(summary.min, new ExactSum(summary.sum).value() / n));
  const meanSquares = new ExactSum(summary.sumSquares).value() / n;
  const sketch = LogSketch.from(summary.sketch);
  const q = (p: number) => sketch.quantile(p, summary.min, summary.max);
  return {
    count: n,
    min: summary.min,
    max: summary.max,
    mean,
    stdDev: Math.sqrt(Math.max(0, meanSquares - mean * mean)),
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
  };
}
