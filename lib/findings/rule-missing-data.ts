/**
 * Missing data: components without series, series with low coverage or a long gap, series of
 * components the inventory does not list, and queries that failed. Confidence does not apply:
 * these findings are about the data itself.
 */
import { DateTime } from 'luxon';
import { type ComponentKind, type MetricName, metricDef } from '../core/catalogue.ts';
import type {
  DatacenterReport,
  FetchGap,
  FindingSubject,
  Message,
  MetricStats,
  ReportModel,
} from '../core/types.ts';
import type { FindingsConfig } from './config.ts';
import { type ComponentRule, type Draft, f1, msg } from './draft.ts';

/** How many gaps a sentence names; the others are counted. */
const GAPS_NAMED = 3;

const label = (metric: string): string => metricDef(metric)?.label ?? metric;

function sameLocalDay(startMs: number, endMs: number, zone: string): boolean {
  return (
    DateTime.fromMillis(startMs, { zone }).toISODate() === DateTime.fromMillis(endMs, { zone }).toISODate()
  );
}

function span(startMs: number, endMs: number, zone: string): string {
  const from = DateTime.fromMillis(startMs, { zone });
  const to = DateTime.fromMillis(endMs, { zone });
  const sameDay = sameLocalDay(startMs, endMs, zone);
  return `${from.toFormat('ccc d LLL HH:mm')} – ${to.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL HH:mm')}`;
}

function gapSentence(stats: MetricStats, period: ReportModel['period']): string {
  const { gaps } = stats;
  const listed = gaps.listed
    .slice(0, GAPS_NAMED)
    .map((g) => span(g.startMs, g.endMs, period.timeZone))
    .join(', ');
  const more = gaps.count > GAPS_NAMED ? ` and ${gaps.count - GAPS_NAMED} more` : '';
  return `${gaps.count} gap(s), the longest ${f1(gaps.longestSeconds / 3600)} h: ${listed}${more} (${period.timeZone})`;
}

/** The gap sentence as a message; spans are instants, shown in the report's zone. */
function gapMessage(stats: MetricStats, period: ReportModel['period']): Message {
  const { gaps } = stats;
  const spans = gaps.listed.slice(0, GAPS_NAMED).map((g) => {
    const sameDay = sameLocalDay(g.startMs, g.endMs, period.timeZone);
    return msg(sameDay ? 'finding.common.spanSameDay' : 'finding.common.span', {
      from: g.startMs,
      to: g.endMs,
    });
  });
  return msg(gaps.count > GAPS_NAMED ? 'finding.missingData.gapsMore' : 'finding.missingData.gaps', {
    count: gaps.count,
    hours: gaps.longestSeconds / 3600,
    spans,
    more: gaps.count - GAPS_NAMED,
    zone: period.timeZone,
  });
}

/** A component with no series, low coverage or a long gap (powered-off VMs excepted). */
export const missingData: ComponentRule = {
  id: 'missing-data',
  kinds: ['host', 'vm', 'filer'],
  enabled: (config) => config.missingData.enabled,
  evaluate({ component: c, config, period }): Draft | null {
    // A powered-off VM is expected to be silent.
    if (c.kind === 'vm' && c.details.powerState !== 'poweredOn' && c.details.powerState !== null) return null;
    const rule = config.missingData;
    if (c.missingSeries) {
      return {
        severity: 'warning',
        title: 'No data',
        summary: 'The metrics source returned no series at all for this component over the period.',
        figures: { coveragePct: 0 },
        coveragePct: null,
        recommendation:
          'Check that vScope collects it (the component may be new, renamed, or outside the collector), and the tag mapping.',
        messages: {
          title: msg('finding.missingData.noDataTitle'),
          summary: [msg('finding.missingData.noDataSummary')],
          recommendation: [msg('finding.missingData.noDataRecommendation')],
        },
      };
    }
    const entries = Object.entries(c.metrics) as [MetricName, MetricStats][];
    if (entries.length === 0) return null;
    const worst = entries.reduce((a, b) => (b[1].coveragePct < a[1].coveragePct ? b : a));
    const longest = entries.reduce((a, b) => (b[1].gaps.longestSeconds > a[1].gaps.longestSeconds ? b : a));
    const lowCoverage = worst[1].coveragePct < rule.minCoveragePct;
    const longGap = longest[1].gaps.longestSeconds >= rule.maxGapHours * 3600;
    if (!lowCoverage && !longGap) return null;
    const silentMetrics = entries.filter(([, s]) => s.samples === 0).map(([m]) => m);
    const silent = silentMetrics.map(label);
    const [metric, stats] = worst;
    const parts = [
      `Coverage ${f1(stats.coveragePct)} % (${stats.samples} of ${stats.expected} samples) at worst, for ${label(metric)}`,
      ...(silent.length > 0 ? [`no series for ${silent.join(', ')}`] : []),
      ...(longest[1].gaps.count > 0 ? [gapSentence(longest[1], period)] : []),
    ];
    return {
      severity: 'warning',
      title: 'Incomplete data',
      summary: `${parts.join('; ')}.`,
      figures: {
        worstCoveragePct: Math.round(stats.coveragePct * 100) / 100,
        worstMetric: metric,
        missingSamples: Math.max(0, stats.expected - stats.samples),
        gaps: longest[1].gaps.count,
        longestGapHours: Math.round((longest[1].gaps.longestSeconds / 3600) * 100) / 100,
      },
      coveragePct: null,
      recommendation:
        'Figures of this component leave the gaps out (never counted as zero). If the gaps recur, check the collector and the host’s management network at those times.',
      messages: {
        title: msg('finding.missingData.incompleteTitle'),
        summary: [
          msg('finding.missingData.incompleteSummary', {
            parts: [
              msg('finding.missingData.coverage', {
                coverage: stats.coveragePct,
                samples: stats.samples,
                expected: stats.expected,
                metric,
              }),
              ...(silentMetrics.length > 0
                ? [msg('finding.missingData.silent', { metrics: silentMetrics.join(',') })]
                : []),
              ...(longest[1].gaps.count > 0 ? [gapMessage(longest[1], period)] : []),
            ],
          }),
        ],
        recommendation: [msg('finding.missingData.incompleteRecommendation')],
      },
    };
  },
};

export interface SubjectDraft {
  readonly subject: FindingSubject;
  readonly draft: Draft;
}

/** Findings about a datacenter's data as a whole: failed queries and series nobody expected. */
export function datacenterDataFindings(
  dc: DatacenterReport,
  gaps: readonly FetchGap[],
  config: FindingsConfig,
): SubjectDraft[] {
  if (!config.missingData.enabled) return [];
  const out: SubjectDraft[] = [];
  const failed = gaps.filter((g) => g.datacenterTag === dc.tag);
  if (failed.length > 0) {
    const reasons = [...new Set(failed.map((g) => g.reason))];
    out.push({
      subject: {
        kind: 'datacenter',
        key: dc.tag,
        displayName: dc.name,
        datacenterTag: dc.tag,
        datacenterName: dc.name,
      },
      draft: {
        severity: 'warning',
        title: 'Queries failed',
        summary: `${failed.length} quer${failed.length === 1 ? 'y' : 'ies'} failed (${failed.map((g) => label(g.metric)).join(', ')}): ${reasons.join('; ')}.`,
        figures: { failedQueries: failed.length, metrics: failed.map((g) => g.metric).join(',') },
        coveragePct: null,
        recommendation:
          'Figures that depend on these metrics are missing, not zero. Run the report again once the metrics endpoint answers.',
        messages: {
          title: msg('finding.queriesFailed.title'),
          summary: [
            msg('finding.queriesFailed.summary', {
              count: failed.length,
              metrics: failed.map((g) => g.metric).join(','),
              reasons: reasons.join('; '),
            }),
          ],
          recommendation: [msg('finding.queriesFailed.recommendation')],
        },
      },
    });
  }
  const unknown = new Map<string, { kind: ComponentKind; metrics: string[] }>();
  for (const u of dc.unknownComponents) {
    const entry = unknown.get(u.component) ?? { kind: metricDef(u.metric)?.kind ?? 'vm', metrics: [] };
    entry.metrics.push(u.metric);
    unknown.set(u.component, entry);
  }
  for (const [component, { kind, metrics }] of unknown) {
    out.push({
      subject: {
        kind,
        key: component,
        displayName: component,
        datacenterTag: dc.tag,
        datacenterName: dc.name,
      },
      draft: {
        severity: 'info',
        title: 'Series without inventory entry',
        summary: `${metrics.length} metric(s) have samples for ${component}, which the inventory does not list.`,
        figures: { metrics: metrics.length },
        coveragePct: null,
        recommendation:
          'Usually a component deleted or renamed during the period; if it still exists, check the tag mapping.',
        messages: {
          title: msg('finding.unknownSeries.title'),
          summary: [msg('finding.unknownSeries.summary', { count: metrics.length, component })],
          recommendation: [msg('finding.unknownSeries.recommendation')],
        },
      },
    });
  }
  return out;
}
