import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../../lib/aggregate/exact-sum.ts';
import { exactSum } from './reference.ts';

const doubles = fc.array(
  fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 100),
    fc.constantFrom(0.1, 0.2, 0.3, 1e-3, 1e15, -1e15),
  ),
  { maxLength: 200 },
);

function sumOf(xs: readonly number[]): number {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.value();
}

describe('ExactSum', () => {
  it('returns the correctly rounded sum where += does not', () => {
    // 0.1 + 0.2 + 0.3 by += is 0.6000000000000001; the exact sum of those three doubles rounds to 0.6.
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    expect(sumOf([0.1, 0.2, 0.3])).toBe(0.6);
    // 1e16 + 1 − 1e16: += loses the 1 (1e16 + 1 rounds to 1e16).
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
  });

  it('agrees with exact rational arithmetic (BigInt), whatever the values', () => {
    fc.assert(
      fc.property(doubles, (xs) => {
        // Rationals have one zero: a sum of -0 alone is -0 in floating point and 0 exactly.
        expect(sumOf(xs) + 0).toBe(exactSum(xs) + 0);
      }),
    );
  });

  it('gives the same double in any order of additions', () => {
    const permuted = doubles.chain((xs) =>
      fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })),
    );
    fc.assert(
      fc.property(permuted, ([xs, shuffled]) => {
        expect(sumOf(shuffled)).toBe(sumOf(xs));
      }),
    );
  });

  it('merges partial sums into the exact sum of everything, and restores from its JSON', () => {
    fc.assert(
      fc.property(doubles, doubles, (a, b) => {
        const left = new ExactSum();
        for (const x of a) left.add(x);
        const right = new ExactSum();
        for (const x of b) right.add(x);
        left.merge(new ExactSum(right.toJSON()));
        expect(left.value() + 0).toBe(exactSum([...a, ...b]) + 0);
      }),
    );
  });
});
