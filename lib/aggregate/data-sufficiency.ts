/**
 * When a run is a failure rather than a report: no series at all, or coverage under the
 * configured floor. A report of such a run would look like one — pages of "no data" — while its
 * cause (a wrong tag mapping, an outage, a refused token) sits deep in the gaps; the run fails
 * instead, naming the cause and the fix, and nothing of it is stored.
 */
import { ERROR_CODES, InsufficientDataError } from '../core/errors.ts';
import type { Aggregates, FetchGap } from '../core/types.ts';

/** The default of `report.minCoveragePct`: under half the expected samples is not a report. */
export const DEFAULT_MIN_COVERAGE_PCT = 50;

/** Distinct failure reasons, most frequent first, at most `limit` of them. */
function topReasons(gaps: readonly FetchGap[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const gap of gaps) counts.set(gap.reason, (counts.get(gap.reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([reason]) => reason);
}

function causeOf(gaps: readonly FetchGap[], requests: number): string {
  if (gaps.length === 0) return '';
  const reasons = topReasons(gaps, 2);
  return ` ${gaps.length} failed quer${gaps.length === 1 ? 'y' : 'ies'} in ${requests} request(s); first cause: ${reasons.join('; ')}.`;
}

/** Throws InsufficientDataError when the run has no samples, or fewer than `minCoveragePct` %. */
export function assertSufficientData(
  aggregates: Pick<Aggregates, 'coverage' | 'serviceName' | 'period'>,
  fetch: { readonly gaps: readonly FetchGap[]; readonly requests: number },
  minCoveragePct: number,
): void {
  const { coverage, serviceName, period } = aggregates;
  const cause = causeOf(fetch.gaps, fetch.requests);
  const context = {
    serviceName,
    period: period.label,
    coveragePct: coverage.pct,
    minCoveragePct,
    failedQueries: fetch.gaps.length,
  };
  if (coverage.expected > 0 && coverage.received === 0) {
    throw new InsufficientDataError(
      ERROR_CODES.noData,
      `No series arrived for ${serviceName} over ${period.label}, so no report is made.${cause} ` +
        (fetch.gaps.length > 0
          ? 'Fix what the failed queries say, then run again: an unknown metric or tag value (400) means the endpoint holds no such series — check metrics.endpoint and the tag mapping (tags.datacenter, VSCOPE_TAG_DATACENTER).'
          : 'The endpoint answered without series for the tags asked: check the tag mapping (tags.datacenter, VSCOPE_TAG_DATACENTER) against a direct /api/query, and that the endpoint holds this service’s metrics for the period.'),
      context,
    );
  }
  if (coverage.pct < minCoveragePct) {
    throw new InsufficientDataError(
      ERROR_CODES.lowCoverage,
      `Coverage of ${serviceName} over ${period.label} is ${coverage.pct.toFixed(1)} %, under the ${minCoveragePct} % a report needs (report.minCoveragePct), so no report is made.${cause} ` +
        'Fix the cause and run again, or lower report.minCoveragePct (VSCOPE_REPORT_MIN_COVERAGE_PCT) to accept a partial report.',
      context,
    );
  }
}
