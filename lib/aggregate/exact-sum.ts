/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's math.fsum): the running sum is
 * kept as non-overlapping partials with no rounding error, and read back correctly rounded.
 *
 * Why: a mean read from merged daily sums must equal the mean of the raw samples bit for bit, in
 * any order. With plain `+=` the result depends on the order of additions; here it cannot.
 * Non-finite inputs are the caller's to filter (gaps are NaN and never summed).
 */

/** A sum of doubles with no rounding error until it is read. */
export class ExactSum {
  // Partials in a typed array with a length: no array resizing on the per-sample path.
  private p = new Float64Array(4);
  private n = 0;

  constructor(partials: readonly number[] = []) {
    for (const x of partials) this.add(x);
  }

  /** Adds one finite value. */
  add(value: number): void {
    const p = this.p;
    let x = value;
    let i = 0;
    for (let j = 0; j < this.n; j++) {
      let y = p[j] as number;
      if ((x < 0 ? -x : x) < (y < 0 ? -y : y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (i === p.length) {
      this.p = new Float64Array(p.length * 2);
      this.p.set(p);
    }
    this.p[i] = x;
    this.n = i + 1;
  }

  /** Adds every partial of `other` (the result is the exact sum of both). */
  merge(other: ExactSum | readonly number[]): void {
    const partials = Array.isArray(other) ? other : (other as ExactSum).toJSON();
    for (const x of partials) this.add(x);
  }

  /** The exact sum, correctly rounded to the nearest double (ties to even). */
  value(): number {
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n] as number;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Half-way cases: the partials below decide which way the tie goes.
    const below = n > 0 ? (p[n - 1] as number) : 0;
    if ((lo < 0 && below < 0) || (lo > 0 && below > 0)) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  /** The partials, smallest magnitude first: JSON-safe, and `new ExactSum(partials)` restores the sum. */
  toJSON(): number[] {
    const partials = new Array<number>(this.n);
    for (let i = 0; i < this.n; i++) partials[i] = this.p[i] as number;
    return partials;
  }
}

/**
 * Neumaier's compensated sum: a few flops per term where ExactSum loops over its partials. For
 * terms of one sign (squares) it is within a few ulps of the exact sum; not order-independent.
 */
export class CompensatedSum {
  private sum = 0;
  private error = 0;

  add(value: number): void {
    const next = this.sum + value;
    this.error += Math.abs(this.sum) >= Math.abs(value) ? this.sum - next + value : value - next + this.sum;
    this.sum = next;
  }

  value(): number {
    return this.sum + this.error;
  }

  /** The running sum and its error term, to hand to an ExactSum. */
  partials(): number[] {
    return [this.error, this.sum];
  }
}
