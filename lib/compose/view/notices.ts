/**
 * What the first page says before anything else when the report is not the whole truth: made
 * before its period ended (`--partial`), or built with failed queries or low coverage. A run
 * under `report.minCoveragePct` never gets here — it fails instead (lib/aggregate/data-sufficiency.ts).
 */
import { failedQueries, type ReportModel } from '../../core/types.ts';
import type { Translator } from '../../locale/i18n.ts';
import { LOW_COVERAGE_PCT } from './inventory-tables.ts';

/** The first page's warnings, in the report's language; empty for a complete report. */
export function coverNotices(model: ReportModel, tr: Translator): string[] {
  const { fmt } = tr;
  const zone = model.period.timeZone;
  const notices: string[] = [];
  const generatedMs = Date.parse(model.generatedAt);
  if (generatedMs < model.period.endMs) {
    notices.push(
      tr.t('notice.partialPeriod', {
        generated: fmt.dateTime(generatedMs, zone),
        end: fmt.dateTime(model.period.endMs, zone),
      }),
    );
  }
  const queries = failedQueries(model.gaps);
  const failed = queries.length;
  if (failed > 0 || model.coverage.pct < LOW_COVERAGE_PCT) {
    const reasons = [...new Set(queries.map((g) => g.reason))];
    notices.push(
      tr.t(failed > 0 ? 'notice.failedQueries' : 'notice.lowCoverage', {
        coverage: fmt.percent(model.coverage.pct),
        count: failed,
        reason: reasons[0] ?? '',
        section: tr.t('gaps.title'),
      }),
    );
  }
  return notices;
}
