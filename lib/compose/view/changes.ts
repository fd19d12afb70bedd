/**
 * "What changed" since the previous report: the inventory's events (components added or removed,
 * VMs resized, powered on or off, snapshots, hosts in or out of maintenance), the datacenters' key
 * figures and the p95 figures of hosts, datastores and the top VMs, each beside the previous one.
 */
import type { ChangeEvent, FigureDelta } from '../../core/types.ts';
import { column, kindLabel, type ViewContext } from './view-context.ts';
import type { SectionView, TableView } from './view-types.ts';

/** Smallest change of a p95 figure (percentage points) the figures table lists. */
export const FIGURE_CHANGE_SHOWN_PTS = 1;

/** `▲ 1 (was 15)`, `▼ 0.1 (was 31.2)` or `= (was 4)`; empty when either side is unknown. */
export function changeText(
  ctx: ViewContext,
  previous: number | null,
  current: number | null,
  digits = 0,
): string {
  if (previous === null || current === null) return '';
  const was = digits === 0 ? ctx.fmt.integer(previous) : ctx.fmt.number(previous, digits);
  const d = current - previous;
  const size = digits === 0 ? ctx.fmt.integer(Math.abs(d)) : ctx.fmt.number(Math.abs(d), digits);
  if (Math.abs(d) < 0.5 * 10 ** -digits) return ctx.t('changes.same', { was });
  return ctx.t(d > 0 ? 'changes.up' : 'changes.down', { size, was });
}

function valueText(ctx: ViewContext, e: ChangeEvent, value: ChangeEvent['before']): string {
  if (value === null) return ctx.fmt.number(null);
  if (e.kind === 'memory' && typeof value === 'number') return ctx.fmt.withUnit(value / 1024, 'GB', 0);
  if (e.kind === 'powerState' && typeof value === 'string') return ctx.t(`power.${value}`);
  if (e.kind === 'maintenance') return ctx.t(value === true ? 'changes.inMaintenance' : 'changes.inService');
  return typeof value === 'number' ? ctx.fmt.integer(value) : ctx.tr.name(String(value));
}

function eventsTable(ctx: ViewContext, events: readonly ChangeEvent[]): TableView {
  return {
    id: 'changes-events',
    caption: ctx.t('changes.eventsCaption', { count: events.length }),
    columns: [
      column(ctx, 'change', false, 1.2),
      column(ctx, 'component', false, 1.8),
      column(ctx, 'before', false, 1),
      column(ctx, 'after', false, 1),
    ],
    rows: events.map((e) => ({
      cells: [
        ctx.t(`changes.event.${e.kind}`),
        ctx.t('findings.subject', { name: e.displayName, kind: kindLabel(ctx, e.componentKind) }),
        e.kind === 'added' || e.kind === 'removed' ? '' : valueText(ctx, e, e.before),
        e.kind === 'added' || e.kind === 'removed' ? '' : valueText(ctx, e, e.after),
      ],
      tone: 'plain',
    })),
    note: events.length === 0 ? ctx.t('changes.noEvents') : '',
  };
}

const FIGURE_DIGITS: Readonly<Record<string, number>> = { hostCpuMeanPct: 1 };

function keyFiguresTable(ctx: ViewContext, figures: readonly FigureDelta[]): TableView {
  const many = ctx.model.datacenters.length > 1;
  return {
    id: 'changes-key-figures',
    caption: ctx.t('changes.keyFiguresCaption'),
    columns: [
      column(ctx, 'figure', false, 2),
      column(ctx, 'previous', true, 1),
      column(ctx, 'current', true, 1),
      column(ctx, 'change', false, 1.4),
    ],
    rows: figures.map((f) => {
      const digits = FIGURE_DIGITS[f.figure] ?? 0;
      const show = (v: number | null) => (digits === 0 ? ctx.fmt.integer(v) : ctx.fmt.number(v, digits));
      const label = ctx.t(`changes.figure.${f.figure}`);
      return {
        cells: [
          many ? `${label} (${ctx.tr.name(f.displayName)})` : label,
          show(f.previous),
          show(f.current),
          changeText(ctx, f.previous, f.current, digits),
        ],
        tone: 'plain',
      };
    }),
    note: '',
  };
}

function figuresTable(ctx: ViewContext, figures: readonly FigureDelta[]): TableView {
  const moved = figures.filter((f) => f.delta === null || Math.abs(f.delta) >= FIGURE_CHANGE_SHOWN_PTS);
  return {
    id: 'changes-figures',
    caption: ctx.t('changes.figuresCaption', { count: moved.length }),
    columns: [
      column(ctx, 'component', false, 1.8),
      column(ctx, 'figure', false, 1.6),
      column(ctx, 'previous', true, 0.9),
      column(ctx, 'current', true, 0.9),
      column(ctx, 'change', false, 1.3),
    ],
    rows: moved.map((f) => ({
      cells: [
        ctx.t('findings.subject', { name: f.displayName, kind: kindLabel(ctx, f.componentKind) }),
        ctx.t(`changes.figure.${f.figure}`),
        ctx.fmt.number(f.previous, 1),
        ctx.fmt.number(f.current, 1),
        changeText(ctx, f.previous, f.current, 1),
      ],
      tone: 'plain',
    })),
    note:
      figures.length === moved.length
        ? ''
        : ctx.t('changes.figuresNote', {
            count: figures.length - moved.length,
            threshold: FIGURE_CHANGE_SHOWN_PTS,
          }),
  };
}

/** The "What changed" section; says so when there is no previous report to compare with. */
export function changesSection(ctx: ViewContext): SectionView {
  const { changes } = ctx.model;
  const title = ctx.t('changes.title', { label: changes.previousLabel });
  if (!changes.found) {
    return {
      id: 'section-changes',
      title,
      tables: [],
      charts: [],
      empty: ctx.t('changes.notCompared', { label: changes.previousLabel }),
    };
  }
  return {
    id: 'section-changes',
    title,
    tables: [
      eventsTable(ctx, changes.events),
      keyFiguresTable(ctx, changes.keyFigures),
      figuresTable(ctx, changes.figures),
    ],
    charts: [],
    empty: '',
  };
}
