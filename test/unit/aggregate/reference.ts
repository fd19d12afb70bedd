/**
 * Slow, obviously-correct reference implementations the statistics are checked against: exact
 * rational arithmetic with BigInt, plain sorted arrays, textbook formulas. Nothing here shares
 * code with lib/aggregate.
 */

/** Scale at which every double we feed the references is an integer (covers |x| ≥ 2^-1000). */
const SCALE_BITS = 1100n;

/** A finite double as an exact integer multiple of 2^-1100. */
function toScaled(x: number): bigint {
  if (x === 0) return 0n;
  // Split into mantissa and exponent without rounding: x = m × 2^e with m an integer.
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  const big = BigInt(m) << (SCALE_BITS + BigInt(e));
  return x < 0 ? -big : big;
}

/** n × 2^-1100 rounded to the nearest double, ties to even. */
function fromScaled(n: bigint): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  let q = negative ? -n : n;
  let shift = 0n;
  const bits = BigInt(q.toString(2).length);
  if (bits > 53n) {
    shift = bits - 53n;
    const rest = q & ((1n << shift) - 1n);
    q >>= shift;
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  }
  // q has at most 54 bits and is exact as a double; scale in steps that cannot underflow.
  let value = Number(q);
  let exponent = shift - SCALE_BITS;
  while (exponent < -500n) {
    value *= 2 ** -500;
    exponent += 500n;
  }
  value *= 2 ** Number(exponent);
  return negative ? -value : value;
}

/** The exact sum of `xs`, correctly rounded. */
export function exactSum(xs: readonly number[]): number {
  return fromScaled(xs.reduce((acc, x) => acc + toScaled(x), 0n));
}

/** Type-7 quantile of unsorted values: sort a copy, interpolate between closest ranks. */
export function quantile7(values: readonly number[], p: number): number | null {
  const xs = [...values].sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return (xs[lo] as number) + (h - lo) * ((xs[hi] as number) - (xs[lo] as number));
}

/** Population standard deviation, two passes over plain numbers. */
export function populationStdDev(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}
