/**
 * A mergeable quantile sketch: a log-bucketed histogram with bounded relative error (the
 * DDSketch construction). Bucket k holds |x| in (γ^(k−1), γ^k] with γ = (1+α)/(1−α), and reads
 * back as 2γ^k/(γ+1), which is within α·|x| of every value in the bucket.
 *
 * Why this and not a t-digest or fixed-width buckets: merging is adding counts (exact,
 * associative, commutative), the error bound holds whatever the data's range (kB of a datastore
 * and CPU % alike), and the size grows with log(max/min)/α, not with the number of samples:
 * a day of CPU between 5 % and 40 % at α = 1 % needs about 105 buckets.
 *
 * Quantiles are type 7 like the exact ones: the two order statistics around h = (n − 1)·p are
 * estimated from their buckets (the first and last rank are the exact min and max) and
 * interpolated, then clamped to [min, max]. For
 * non-negative data the result is within α of the exact type-7 quantile (relative); in general
 * within α·max(|x⌊h⌋|, |x⌊h⌋+1|), plus 1e-9 for values indexed as zero.
 */
import type { BucketRun, SketchData } from '../core/types.ts';

/** |x| below this is counted as zero: log-buckets cannot index 0 and values this small read as 0. */
export const SKETCH_MIN_INDEXABLE = 1e-9;

/** Default relative accuracy of the daily summaries' sketches. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;

/** Growable dense run of bucket counts. */
class Buckets {
  offset = 0;
  counts = new Uint32Array(0);
  total = 0;

  add(key: number, count = 1): void {
    if (this.counts.length === 0) {
      // A day of a busy metric spans about a hundred buckets at 1 %: room for that from the start.
      this.offset = key - 64;
      this.counts = new Uint32Array(128);
    } else if (key < this.offset || key >= this.offset + this.counts.length) {
      this.grow(key);
    }
    const i = key - this.offset;
    this.counts[i] = (this.counts[i] as number) + count;
    this.total += count;
  }

  private grow(key: number): void {
    const lo = Math.min(this.offset, key);
    const hi = Math.max(this.offset + this.counts.length, key + 1);
    const span = hi - lo;
    // Room on both sides, so a slowly drifting series does not regrow at every new bucket.
    const margin = Math.max(16, span >> 1);
    const next = new Uint32Array(span + 2 * margin);
    next.set(this.counts, this.offset - lo + margin);
    this.offset = lo - margin;
    this.counts = next;
  }

  /** The non-empty stretch of buckets, trimmed. */
  toRun(): BucketRun {
    let first = 0;
    let last = this.counts.length - 1;
    while (first <= last && this.counts[first] === 0) first++;
    while (last >= first && this.counts[last] === 0) last--;
    if (first > last) return { offset: 0, counts: [] };
    const counts = new Array<number>(last - first + 1);
    for (let i = first; i <= last; i++) counts[i - first] = this.counts[i] as number;
    return { offset: this.offset + first, counts };
  }

  addRun(run: BucketRun): void {
    run.counts.forEach((c, i) => {
      if (c > 0) this.add(run.offset + i, c);
    });
  }
}

/** A log-bucketed histogram of finite values. */
export class LogSketch {
  readonly relativeAccuracy: number;
  private readonly lnGamma: number;
  private readonly readBack: number;
  private readonly positive = new Buckets();
  private readonly negative = new Buckets();
  private zeros = 0;

  constructor(relativeAccuracy = DEFAULT_RELATIVE_ACCURACY) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new RangeError(`relative accuracy must be in (0, 1), got ${relativeAccuracy}`);
    }
    this.relativeAccuracy = relativeAccuracy;
    const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.lnGamma = Math.log(gamma);
    this.readBack = 2 / (gamma + 1);
  }

  get count(): number {
    return this.zeros + this.positive.total + this.negative.total;
  }

  /** Adds one finite value. */
  add(value: number): void {
    const magnitude = Math.abs(value);
    if (magnitude < SKETCH_MIN_INDEXABLE) {
      this.zeros++;
      return;
    }
    const key = Math.ceil(Math.log(magnitude) / this.lnGamma);
    (value > 0 ? this.positive : this.negative).add(key);
  }

  /** Adds the counts of another sketch of the same accuracy. */
  merge(other: SketchData): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new RangeError(
        `cannot merge sketches of accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy}`,
      );
    }
    this.zeros += other.zeros;
    this.positive.addRun(other.positive);
    this.negative.addRun(other.negative);
  }

  private valueOf(key: number): number {
    return Math.exp(key * this.lnGamma) * this.readBack;
  }

  /** The estimate of the order statistic of 0-based rank `rank`. */
  private atRank(rank: number): number {
    let seen = 0;
    // Ascending values: negatives from the largest magnitude down, zeros, then positives up.
    const neg = this.negative;
    for (let i = neg.counts.length - 1; i >= 0; i--) {
      seen += neg.counts[i] as number;
      if (rank < seen) return -this.valueOf(neg.offset + i);
    }
    seen += this.zeros;
    if (rank < seen) return 0;
    const pos = this.positive;
    for (let i = 0; i < pos.counts.length; i++) {
      seen += pos.counts[i] as number;
      if (rank < seen) return this.valueOf(pos.offset + i);
    }
    return this.valueOf(pos.offset + pos.counts.length - 1);
  }

  /** Type-7 quantile estimate (0 ≤ p ≤ 1), clamped to [min, max]; null when empty. */
  quantile(p: number, min: number, max: number): number | null {
    const n = this.count;
    if (n === 0) return null;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    // The extreme ranks are known exactly: the min and max travel beside the sketch.
    const at = (rank: number) => (rank <= 0 ? min : rank >= n - 1 ? max : this.atRank(rank));
    const a = at(lo);
    const b = lo + 1 < n ? at(lo + 1) : a;
    const estimate = a + (h - lo) * (b - a);
    return Math.min(max, Math.max(min, estimate));
  }

  toJSON(): SketchData {
    return {
      relativeAccuracy: this.relativeAccuracy,
      zeros: this.zeros,
      positive: this.positive.toRun(),
      negative: this.negative.toRun(),
    };
  }

  /** A sketch holding the counts of `data`. */
  static from(data: SketchData): LogSketch {
    const sketch = new LogSketch(data.relativeAccuracy);
    sketch.merge(data);
    return sketch;
  }
}
