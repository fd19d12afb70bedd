import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantilesInPlace } from '../../../lib/aggregate/quantile.ts';
import { quantile7 } from './reference.ts';

describe('quantilesInPlace', () => {
  it('gives the textbook type-7 quantiles, for any values and any ascending ps', () => {
    // Few distinct values too, so ties and constant runs are exercised.
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: 0, max: 3 }),
    );
    const ps = fc
      .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 })
      .map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), ps, (values, qs) => {
        // -0 and 0 are the same value; selection may place either where the sort puts -0.
        const zeroed = (v: number | null) => (v === 0 ? 0 : v);
        const expected = qs.map((p) => zeroed(quantile7(values, p)));
        expect(quantilesInPlace(Float64Array.from(values), qs).map(zeroed)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives nulls for no values', () => {
    expect(quantilesInPlace(new Float64Array(0), [0.5, 0.99])).toEqual([null, null]);
  });
});
