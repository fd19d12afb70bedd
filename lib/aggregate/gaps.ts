/**
 * Runs of missing samples. Between two consecutive samples, a spacing above 1.5 intervals is a
 * gap from one interval after the earlier sample to the later one. The period's edges count as
 * samples one interval before the start and at the end, so a series that starts late or stops
 * early has a gap there too, and a series without samples is one gap over the whole period.
 */
import type { GapSpan, GapSummary } from '../core/types.ts';

/** A spacing above this many intervals is a gap; 1.5 tolerates jittered timestamps. */
export const GAP_FACTOR = 1.5;

/** Collects gaps as consecutive sample times are fed in ascending order (epoch seconds). */
export class GapTracker {
  private previous: number;
  private count = 0;
  private missingSeconds = 0;
  private longestSeconds = 0;
  private readonly listed: GapSpan[] = [];

  constructor(
    private readonly startSec: number,
    private readonly endSec: number,
    private readonly intervalSec: number,
    private readonly cap: number,
  ) {
    this.previous = startSec - intervalSec;
  }

  /** Feeds the next sample time. */
  next(t: number): void {
    this.span(this.previous, t);
    this.previous = t;
  }

  private span(prev: number, next: number): void {
    if (next - prev <= GAP_FACTOR * this.intervalSec) return;
    const from = Math.max(this.startSec, prev + this.intervalSec);
    const to = Math.min(this.endSec, next);
    if (to <= from) return;
    const seconds = to - from;
    this.count++;
    this.missingSeconds += seconds;
    if (seconds > this.longestSeconds) this.longestSeconds = seconds;
    if (this.listed.length < this.cap) {
      this.listed.push({
        startMs: from * 1000,
        endMs: to * 1000,
        missingSamples: Math.max(1, Math.round(seconds / this.intervalSec)),
      });
    }
  }

  /** Closes the period (the end counts as a sample) and returns the summary. */
  finish(): GapSummary {
    this.span(this.previous, this.endSec);
    this.previous = this.endSec;
    return {
      count: this.count,
      missingSeconds: this.missingSeconds,
      longestSeconds: this.longestSeconds,
      listed: this.listed,
    };
  }
}
