/**
 * Storage rules: sustained disk latency on VMs, datastore fullness and datastore runway.
 */
import { DateTime } from 'luxon';
import {
  type ComponentReport,
  DERIVED,
  type Message,
  type MetricStats,
  RUNWAY_RULE,
  type Severity,
} from '../core/types.ts';
import {
  type ComponentRule,
  coverageOf,
  type Draft,
  f1,
  isPoweredOn,
  level,
  msg,
  round,
  shareAbove,
} from './draft.ts';
import { forecastRunway, runwayEvidence, runwayFigures } from './runway.ts';

const SEVERITY_RANK: Record<Severity, number> = { critical: 2, warning: 1, info: 0 };

interface Direction {
  readonly name: 'read' | 'write';
  readonly stats: MetricStats | undefined;
  readonly severity: Severity | null;
  readonly shareCritical: number | null;
  readonly shareWarn: number | null;
}

/** Disk latency above the lines for a sustained share of the samples. */
export const storageLatency: ComponentRule = {
  id: 'storage-latency',
  kinds: ['vm'],
  enabled: (config) => config.storageLatency.enabled,
  evaluate({ component: vm, config }): Draft | null {
    if (!isPoweredOn(vm)) return null;
    const rule = config.storageLatency;
    const directions: Direction[] = (['read', 'write'] as const).map((name) => {
      const stats = vm.metrics[`vscope.vm.disk.latency.${name}`];
      const shareCritical = shareAbove(stats, rule.criticalMs);
      const shareWarn = shareAbove(stats, rule.warnMs);
      // "Sustained": above the line for at least `sustainedPct` of the samples, not a few spikes.
      const severity: Severity | null =
        shareCritical !== null && shareCritical >= rule.sustainedPct
          ? 'critical'
          : shareWarn !== null && shareWarn >= rule.sustainedPct
            ? 'warning'
            : null;
      return { name, stats, severity, shareCritical, shareWarn };
    });
    const flagged = directions.filter((d) => d.severity !== null);
    if (flagged.length === 0) return null;
    const worst = flagged.reduce((a, b) =>
      SEVERITY_RANK[b.severity as Severity] > SEVERITY_RANK[a.severity as Severity] ? b : a,
    );
    const describe = (d: Direction) =>
      `${d.name} above ${rule.criticalMs} ms for ${f1(d.shareCritical)} % of the samples ` +
      `(p50 ${f1(d.stats?.p50 ?? null)} ms, p95 ${f1(d.stats?.p95 ?? null)} ms)`;
    const figures: Record<string, number | null> = {};
    for (const d of directions) {
      figures[`${d.name}P50Ms`] = round(d.stats?.p50 ?? null);
      figures[`${d.name}P95Ms`] = round(d.stats?.p95 ?? null);
      figures[`${d.name}SharePctAbove${rule.criticalMs}Ms`] = round(d.shareCritical);
      figures[`${d.name}SharePctAbove${rule.warnMs}Ms`] = round(d.shareWarn);
    }
    const directionMessages = directions.map((d) =>
      msg(d.name === 'read' ? 'finding.storageLatency.read' : 'finding.storageLatency.write', {
        critical: rule.criticalMs,
        share: d.shareCritical,
        p50: d.stats?.p50 ?? null,
        p95: d.stats?.p95 ?? null,
      }),
    );
    return {
      severity: worst.severity as Severity,
      title: worst.severity === 'critical' ? 'Storage latency' : 'Storage latency worth a look',
      summary: `Disk latency ${directions.map(describe).join('; ')}.`,
      figures,
      coveragePct: coverageOf(...flagged.map((d) => d.stats)),
      recommendation:
        `Latency above ${rule.criticalMs} ms most of the time slows every I/O of the VM (above ${rule.warnMs} ms is already slow for flash). ` +
        'Look at the datastore it runs on: other busy VMs there, queue depth, or move its disks to a faster datastore (Storage vMotion).',
      messages: {
        title: msg(
          worst.severity === 'critical'
            ? 'finding.storageLatency.title'
            : 'finding.storageLatency.titleWarning',
        ),
        summary: [msg('finding.storageLatency.summary', { directions: directionMessages })],
        recommendation: [
          msg('finding.storageLatency.recommendation', { critical: rule.criticalMs, warn: rule.warnMs }),
        ],
      },
    };
  },
};

/** Used % at the end of the period: the last sample, else the inventory's live figure. */
function usedNow(filer: ComponentReport): number | null {
  return filer.derived[DERIVED.datastoreUsedPct]?.last?.value ?? filer.capacity?.usedPct ?? null;
}

/** Used % at the end of the period against 80 / 90 %. */
export const datastoreFullness: ComponentRule = {
  id: 'datastore-fullness',
  kinds: ['filer'],
  enabled: (config) => config.datastoreFullness.enabled,
  evaluate({ component: filer, dc, config }): Draft | null {
    const rule = config.datastoreFullness;
    const used = usedNow(filer);
    if (used === null) return null;
    const severity = level(used, rule.warnPct, rule.criticalPct);
    if (!severity) return null;
    const cap = filer.capacity;
    const stats = filer.derived[DERIVED.datastoreUsedPct];
    const roomiest = dc.filers
      .filter((f) => f !== filer && usedNow(f) !== null)
      .sort((a, b) => (usedNow(a) ?? 0) - (usedNow(b) ?? 0))[0];
    const overcommit = cap?.overcommitRatio ?? null;
    const thinGb =
      overcommit !== null && overcommit > 1 && cap?.sizeGb ? Math.round((overcommit - 1) * cap.sizeGb) : null;
    const thin =
      thinGb === null ? '' : ` Thin disks here could claim ${thinGb} GB more than the datastore holds.`;
    const advice: Message[] = [
      roomiest
        ? msg('finding.datastoreFullness.recommendationMove', {
            other: roomiest.displayName,
            otherUsed: usedNow(roomiest),
          })
        : msg('finding.datastoreFullness.recommendation'),
      ...(thinGb === null ? [] : [msg('finding.datastoreFullness.thin', { gb: thinGb })]),
    ];
    return {
      severity,
      title: severity === 'critical' ? 'Datastore almost full' : 'Datastore filling up',
      summary:
        `Used ${f1(used)} % of ${cap?.sizeGb ?? '?'} GB at the end of the period (highest ${f1(stats?.max ?? null)} %)` +
        `${overcommit === null ? '' : `; provisioned ${f1(overcommit * 100)} % of its size`}.`,
      figures: {
        usedPct: round(used),
        maxUsedPct: round(stats?.max ?? null),
        sizeGb: cap?.sizeGb ?? null,
        freeGb: cap?.sizeGb && cap.usedGb !== null ? cap.sizeGb - cap.usedGb : null,
        provisionedGb: cap?.provisionedGb ?? null,
        overcommitRatio: round(overcommit),
      },
      coveragePct: coverageOf(stats),
      recommendation:
        'Free space (old snapshots, orphaned disks, unused templates)' +
        (roomiest ? `, or move VMs to ${roomiest.displayName} (${f1(usedNow(roomiest))} % used)` : '') +
        `, or grow the datastore.${thin}`,
      messages: {
        title: msg(
          severity === 'critical'
            ? 'finding.datastoreFullness.title'
            : 'finding.datastoreFullness.titleWarning',
        ),
        summary: [
          msg(
            overcommit === null
              ? 'finding.datastoreFullness.summary'
              : 'finding.datastoreFullness.summaryProvisioned',
            {
              used,
              size: cap?.sizeGb ?? null,
              max: stats?.max ?? null,
              provisioned: overcommit === null ? null : overcommit * 100,
            },
          ),
        ],
        recommendation: advice,
      },
    };
  },
};

/** Days until the used-% trend reaches 80 / 90 / 100 %, when it rises. */
/**
 * The runway's recommendation, and its wording once the date it names has gone by when the report
 * is made (the document picks it: the rule knows the period, not the generation date).
 */
export const RUNWAY_RECOMMENDATION = {
  due: 'finding.datastoreRunway.recommendation',
  passed: 'finding.datastoreRunway.recommendationPassed',
} as const;

export const datastoreRunway: ComponentRule = {
  id: RUNWAY_RULE,
  kinds: ['filer'],
  enabled: (config) => config.datastoreRunway.enabled,
  evaluate({ component: filer, config, period }): Draft | null {
    const rule = config.datastoreRunway;
    const stats = filer.derived[DERIVED.datastoreUsedPct];
    if (!stats?.trend) return null;
    const runway = forecastRunway(stats.trend, rule);
    const next = runway?.lines[0];
    if (!runway || !next || next.days > rule.horizonDays) return null;
    const full = runway.lines.find((l) => l.linePct >= 100);
    const critical = runway.lines.find((l) => l.linePct >= config.datastoreFullness.criticalPct);
    const severity: Severity =
      full && full.days <= rule.criticalDaysToFull
        ? 'critical'
        : (critical && critical.days <= rule.warnDays) || (full && full.days <= rule.warnDays)
          ? 'warning'
          : 'info';
    const shown = runway.lines.filter((l) => l.days <= rule.horizonDays);
    const evidence = runwayEvidence(runway, shown, rule.confidenceZ);
    const lines = shown
      .map((l) => `${l.linePct} % in ${f1(l.days)} days (${f1(l.daysEarliest)}–${f1(l.daysLatest)})`)
      .join(', ');
    const date = DateTime.fromMillis(period.endMs + next.daysEarliest * 86_400_000, {
      zone: period.timeZone,
    });
    return {
      severity,
      title: 'Datastore runway',
      summary:
        `Rising ${runway.slopePctPerDay.toFixed(2)} points a day (standard error ${runway.stdErrPctPerDay.toFixed(3)}): ` +
        `${lines}, counted from the end of the period.`,
      figures: runwayFigures(evidence),
      runway: evidence,
      coveragePct: coverageOf(stats),
      recommendation:
        `Act before ${date.toFormat('d LLL yyyy')}, the earliest date it may reach ${next.linePct} %: grow the datastore ` +
        `or move VMs away. The ranges are ± ${rule.confidenceZ} standard errors of the slope and assume this period's pace goes on.`,
      messages: {
        title: msg('finding.datastoreRunway.title'),
        summary: [
          msg('finding.datastoreRunway.summary', {
            slope: runway.slopePctPerDay,
            stdErr: runway.stdErrPctPerDay,
            lines: shown.map((l) =>
              msg('finding.datastoreRunway.line', {
                line: l.linePct,
                days: l.days,
                earliest: l.daysEarliest,
                latest: l.daysLatest,
              }),
            ),
          }),
        ],
        recommendation: [
          msg(RUNWAY_RECOMMENDATION.due, {
            date: date.toMillis(),
            line: next.linePct,
            z: rule.confidenceZ,
          }),
        ],
      },
    };
  },
};
