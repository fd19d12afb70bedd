import { describe, expect, it } from 'vitest';
import { actionsTable, headlineOf, rankActions } from '../../../lib/compose/view/actions.ts';
import { viewContext } from '../../../lib/compose/view/view-context.ts';
import type { Finding, FindingSubject, ReportModel, Severity } from '../../../lib/core/types.ts';
import { createTranslator } from '../../../lib/locale/i18n.ts';
import { buildReportFixture } from '../../support/report-model.ts';

const DAY_MS = 86_400_000;
// The fixture's week ends on Monday 23 November 2026, 00:00 Europe/Paris.
const END_MS = Date.UTC(2026, 10, 22, 23);

function subject(kind: FindingSubject['kind'], key: string): FindingSubject {
  return { kind, key, displayName: key, datacenterTag: 'dc', datacenterName: 'DC' };
}

function finding(
  rule: string,
  severity: Severity,
  on: FindingSubject,
  options: { status?: Finding['status']; runwayDays?: number } = {},
): Finding {
  const runway =
    options.runwayDays === undefined
      ? {}
      : {
          runway: {
            slopePctPerDay: 1,
            slopeStdErrPctPerDay: 0.01,
            fittedEndPct: 85,
            confidenceZ: 2,
            lines: [
              { linePct: 90, days: options.runwayDays + 1, daysEarliest: options.runwayDays, daysLatest: 9 },
            ],
          },
        };
  return {
    id: `${rule}:${on.kind}:dc:${on.key}`,
    rule,
    severity,
    status: options.status ?? 'new',
    confidence: 'high',
    subject: on,
    title: rule,
    evidence: {
      summary: `${rule} on ${on.key}.`,
      figures: {},
      ...runway,
      coveragePct: 100,
      period: { label: '2026-W47', startIso: '', endIso: '' },
    },
    recommendation: `Fix ${on.key}.`,
    previousSeverity: null,
  };
}

const ds = subject('filer', 'ds-1');
const ds2 = subject('filer', 'ds-2');
const idle = subject('vm', 'idle-vm');
const off = subject('vm', 'off-vm');
const busy = subject('vm', 'busy-vm');

describe('rankActions', () => {
  const findings = [
    finding('datastore-fullness', 'warning', ds),
    finding('datastore-runway', 'warning', ds, { runwayDays: 3 }),
    finding('datastore-runway', 'warning', ds2, { runwayDays: 10 }),
    finding('vm-idle', 'info', idle),
    finding('vm-powered-off', 'info', off, { status: 'persisting' }),
    finding('cpu-contention', 'critical', busy),
  ];
  const actions = rankActions(findings, END_MS);

  it('makes one action per component, its findings merged', () => {
    expect(actions).toHaveLength(5);
    expect(actions.find((a) => a.findings[0]?.subject.key === 'ds-1')?.findings.map((f) => f.rule)).toEqual([
      'datastore-fullness',
      'datastore-runway',
    ]);
  });

  it('ranks by severity, then what holds now before what a forecast dates, then new before persisting', () => {
    expect(actions.map((a) => a.findings[0]?.subject.key)).toEqual([
      'busy-vm',
      // ds-1 is already over its fullness line (now); ds-2 has ten days.
      'ds-1',
      'ds-2',
      'idle-vm',
      'off-vm',
    ]);
  });

  it('dates a forecast from the period end by its earliest day', () => {
    expect(actions.find((a) => a.findings[0]?.subject.key === 'ds-2')?.deadlineMs).toBe(END_MS + 10 * DAY_MS);
    expect(actions.find((a) => a.findings[0]?.subject.key === 'ds-1')?.deadlineMs).toBeNull();
  });
});

describe('actionsTable', () => {
  const { model } = buildReportFixture();
  const tr = createTranslator('en');
  const at = (generatedAt: string, findings: Finding[]): ReportModel => ({ ...model, generatedAt, findings });
  const runwayOnly = [finding('datastore-runway', 'warning', ds2, { runwayDays: 9 })];

  it('counts the days left from the generation date, not the period end', () => {
    // Deadline 2 December 2026 (23 Nov + 9 days), report made on 27 November 12:00 UTC: 4 whole days left.
    const table = actionsTable(viewContext(at('2026-11-27T12:00:00.000Z', runwayOnly), tr), 'Findings');
    expect(table.rows[0]?.cells.at(-1)).toBe('By 2 Dec 2026 (in 4 days)');
  });

  it('says a deadline already gone by the generation date is passed', () => {
    const table = actionsTable(viewContext(at('2026-12-04T08:00:00.000Z', runwayOnly), tr), 'Findings');
    expect(table.rows[0]?.cells.at(-1)).toBe('Passed (2 Dec 2026): act now');
  });

  it('keeps idle and powered-off VMs in view when a datastore has two findings', () => {
    const table = actionsTable(
      viewContext(
        at('2026-11-23T06:00:00.000Z', [
          finding('datastore-fullness', 'critical', ds),
          finding('datastore-runway', 'warning', ds, { runwayDays: 3 }),
          finding('vm-idle', 'info', idle),
          finding('vm-powered-off', 'info', off),
        ]),
        tr,
      ),
      'Findings',
    );
    expect(table.rows.map((r) => r.cells[1])).toEqual(['ds-1 (datastore)', 'idle-vm (VM)', 'off-vm (VM)']);
    expect(table.rows[0]?.cells[3]).toBe('datastore-fullness on ds-1. datastore-runway on ds-1.');
  });

  it('gives a cover its headline: worst severity, number of actions, coverage', () => {
    const headline = headlineOf(
      viewContext(at('2026-11-23T06:00:00.000Z', [finding('vm-idle', 'info', idle), ...runwayOnly]), tr),
      'range',
    );
    expect(headline).toMatchObject({ status: 'warning', actions: 2, actionsText: '2 actions' });
    expect(headlineOf(viewContext(at('2026-11-23T06:00:00.000Z', []), tr), 'r').status).toBe('ok');
  });
});
