/**
 * Ordinary least squares of value against time (in days): slope per day, its standard error,
 * and the line's value at the period's end. Centred sums in two passes, then the residuals in a
 * third, so a nearly perfect fit keeps an honest error.
 *
 * Monitoring samples five minutes apart are strongly autocorrelated, and the textbook error
 * s/√Sxx (s² = SSE/(n − 2)) then claims far more certainty than the data holds. The error is
 * widened with the effective sample size of AR(1) residuals (Santer et al., 2000):
 * n_eff = n·(1 − r₁)/(1 + r₁), s² = SSE/(n_eff − 2), where r₁ is the lag-1 autocorrelation of
 * the residuals (only when positive). As r₁ nears 1 (a smooth wander around the line) that
 * estimate collapses towards 1 whatever the period's length, so it is floored at `minEffective`
 * — the caller passes the number of local days with samples, treating days as independent. With
 * n_eff ≤ 2 nothing can be said: the error is null.
 */
import type { Trend } from '../core/types.ts';

const DAY_SEC = 86_400;

/** The trend of `values[0..count)` at `timestamps` (epoch seconds); null with fewer than 3 samples. */
export function fitTrend(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  count: number,
  startSec: number,
  endSec: number,
  minEffective = 0,
): Trend | null {
  if (count < 3) return null;
  const x = (i: number) => ((timestamps[i] as number) - startSec) / DAY_SEC;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < count; i++) {
    sx += x(i);
    sy += values[i] as number;
  }
  const mx = sx / count;
  const my = sy / count;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < count; i++) {
    const dx = x(i) - mx;
    sxx += dx * dx;
    sxy += dx * ((values[i] as number) - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  let lagged = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const r = (values[i] as number) - (intercept + slope * x(i));
    sse += r * r;
    if (i > 0) lagged += r * previous;
    previous = r;
  }
  const r1 = sse > 0 ? lagged / sse : 0;
  const effective = Math.max(Math.min(count, minEffective), r1 > 0 ? (count * (1 - r1)) / (1 + r1) : count);
  return {
    slopePerDay: slope,
    slopeStdErrPerDay: effective > 2 ? Math.sqrt(sse / (effective - 2) / sxx) : null,
    fittedAtEnd: intercept + slope * ((endSec - startSec) / DAY_SEC),
  };
}
