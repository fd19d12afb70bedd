import { describe, expect, it } from 'vitest';
import { fitTrend } from '../../../lib/aggregate/trend.ts';

const DAY = 86_400;
const START = 1_795_000_000;

describe('fitTrend', () => {
  it('fits a line through four points (checked by hand)', () => {
    // x = 0, 1, 2, 3 days; y = 1, 3, 2, 5.
    // x̄ = 1.5, ȳ = 2.75; Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5;
    // Sxy = (−1.5)(−1.75) + (−0.5)(0.25) + (0.5)(−0.75) + (1.5)(2.25) = 2.625 − 0.125 − 0.375 + 3.375 = 5.5.
    // slope = 5.5 / 5 = 1.1 per day; intercept = 2.75 − 1.1 × 1.5 = 1.1.
    // residuals −0.1, 0.8, −1.3, 0.6: SSE = 0.01 + 0.64 + 1.69 + 0.36 = 2.7; their lag-1 products
    // sum to −0.08 − 1.04 − 0.78 < 0, so no widening: se = √(2.7 / 2 / 5) = √0.27 = 0.519615...
    // The period ends at day 4: fitted 1.1 + 1.1 × 4 = 5.5.
    const ts = [0, 1, 2, 3].map((d) => START + d * DAY);
    const trend = fitTrend(ts, [1, 3, 2, 5], 4, START, START + 4 * DAY);
    expect(trend?.slopePerDay).toBeCloseTo(1.1, 12);
    expect(trend?.slopeStdErrPerDay).toBeCloseTo(Math.sqrt(0.27), 12);
    expect(trend?.fittedAtEnd).toBeCloseTo(5.5, 12);
  });

  it('widens the error for autocorrelated residuals, down to one independent sample a day', () => {
    // A line plus a slow wave: residuals follow each other closely (r₁ ≈ 1), so n_eff collapses and is
    // floored at 7 (days). The widened error is then √(SSE/(7 − 2)/Sxx), checked from the residuals.
    const n = 2016;
    const ts = Array.from({ length: n }, (_, i) => START + i * 300);
    const ys = ts.map((t, i) => 0.5 * ((t - START) / DAY) + Math.sin(i / 100));
    const trend = fitTrend(ts, ys, n, START, START + 7 * DAY, 7);
    const slope = trend?.slopePerDay as number;
    const xs = ts.map((t) => (t - START) / DAY);
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const sse = ys.reduce((a, y, i) => a + (y - (my + slope * ((xs[i] as number) - mx))) ** 2, 0);
    expect(trend?.slopeStdErrPerDay).toBeCloseTo(Math.sqrt(sse / 5 / sxx), 9);
    const naive = Math.sqrt(sse / (n - 2) / sxx);
    expect(trend?.slopeStdErrPerDay).toBeGreaterThan(10 * naive);
  });

  it('has no trend with fewer than three samples or a single instant', () => {
    expect(fitTrend([START, START + DAY], [1, 2], 2, START, START + DAY)).toBeNull();
    expect(fitTrend([START, START, START], [1, 2, 3], 3, START, START + DAY)).toBeNull();
  });
});
