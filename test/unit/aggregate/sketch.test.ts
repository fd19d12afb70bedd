import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogSketch, SKETCH_MIN_INDEXABLE } from '../../../lib/aggregate/sketch.ts';
import { quantile7 } from './reference.ts';

const ALPHA = 0.01;
const values = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: 1e6, max: 1e10, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.double({ min: -1e3, max: 0, noNaN: true }) },
  ),
  { minLength: 1, maxLength: 300 },
);

function sketchOf(xs: readonly number[], alpha = ALPHA): LogSketch {
  const s = new LogSketch(alpha);
  for (const x of xs) s.add(x);
  return s;
}

/**
 * The stated bound: within α of the two order statistics the type-7 quantile interpolates
 * between (relative), plus the zero bucket's absolute 1e-9, plus float slack at bucket edges.
 */
function tolerance(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = Math.abs(sorted[lo] as number);
  const b = Math.abs(sorted[Math.min(lo + 1, sorted.length - 1)] as number);
  return ALPHA * (1 + 1e-9) * Math.max(a, b) + SKETCH_MIN_INDEXABLE;
}

describe('LogSketch', () => {
  it('reads a value back within α of itself (bucket 2γ^k/(γ+1))', () => {
    // α = 1 %: γ = 1.01/0.99 = 1.020202..., ln γ = 0.0200007; the median of [1, 100, 10⁴] is 100,
    // in bucket k = ⌈ln 100 / ln γ⌉ = ⌈4.605170 / 0.0200007⌉ = ⌈230.25⌉ = 231, read back as
    // 2γ^231/(γ+1) ≈ 100.4946: 0.49 % above 100, inside the 1 % bound.
    const got = sketchOf([1, 100, 1e4]).quantile(0.5, 1, 1e4) as number;
    const gamma = 1.01 / 0.99;
    expect(got).toBeCloseTo((2 * gamma ** 231) / (gamma + 1), 9);
    expect(got).toBeCloseTo(100.4946, 3);
    expect(Math.abs(got - 100) / 100).toBeLessThanOrEqual(ALPHA);
  });

  it('estimates every type-7 quantile within the stated tolerance of the exact one', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        const got = sketchOf(xs).quantile(p, min, max) as number;
        const want = quantile7(xs, p) as number;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(tolerance(xs, p));
      }),
    );
  });

  it('is exact at p = 0 and p = 1 once clamped to the exact min and max', () => {
    const xs = [3.7, 12.25, 0.4, 99.1];
    const s = sketchOf(xs);
    expect(s.quantile(0, 0.4, 99.1)).toBe(0.4);
    expect(s.quantile(1, 0.4, 99.1)).toBe(99.1);
  });

  it('merges associatively and commutatively: merging is adding counts', () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const left = sketchOf(a);
        left.merge(sketchOf(b).toJSON());
        left.merge(sketchOf(c).toJSON());
        const bc = sketchOf(c);
        bc.merge(sketchOf(b).toJSON());
        const right = sketchOf(a);
        right.merge(bc.toJSON());
        expect(right.toJSON()).toEqual(left.toJSON());
        expect(left.toJSON()).toEqual(sketchOf([...a, ...b, ...c]).toJSON());
        expect(left.count).toBe(a.length + b.length + c.length);
      }),
    );
  });

  it('refuses to merge sketches of different accuracy', () => {
    expect(() => sketchOf([1], 0.01).merge(sketchOf([1], 0.02).toJSON())).toThrow(RangeError);
  });
});
