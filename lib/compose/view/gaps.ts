/** The gaps section: failed queries, components without series, series of unknown components. */
import { column, kindLabel, type ViewContext } from './view-context.ts';
import type { SectionView, TableView } from './view-types.ts';

/** What could not be obtained or placed, table by table; empty when nothing is missing. */
export function gapsSection(ctx: ViewContext): SectionView {
  const dcName = new Map(ctx.model.datacenters.map((dc) => [dc.tag, dc.name]));
  const name = (tag: string) => ctx.tr.name(dcName.get(tag) ?? tag);
  const names = (list: readonly string[]) => list.map((c) => ctx.tr.name(c)).join(', ');
  const tables: TableView[] = [];
  const metric = (m: string) => (ctx.tr.has(`metric.${m}`) ? ctx.t(`metric.${m}`) : ctx.tr.name(m));
  if (ctx.model.gaps.length > 0) {
    tables.push({
      id: 'gaps-queries',
      caption: ctx.t('gaps.queries.caption', { count: ctx.model.gaps.length }),
      columns: [
        column(ctx, 'metric', false, 2.2),
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'components', false, 2),
        column(ctx, 'reason', false, 2.5),
      ],
      rows: ctx.model.gaps.map((g) => ({
        cells: [
          `${metric(g.metric)} (${g.metric})`,
          name(g.datacenterTag),
          g.components.length > 0 ? names(g.components) : ctx.t('gaps.queries.all'),
          // A server's words: they may quote anything, so they are shown as a name is.
          ctx.tr.name(g.reason),
        ],
        tone: 'flagged',
      })),
      note: ctx.t('gaps.queries.note'),
    });
  }
  const missing = ctx.model.datacenters.flatMap((dc) =>
    [...dc.hosts, ...dc.vms, ...dc.filers].filter((c) => c.missingSeries).map((c) => ({ dc, c })),
  );
  if (missing.length > 0) {
    tables.push({
      id: 'gaps-components',
      caption: ctx.t('gaps.components.caption', { count: missing.length }),
      columns: [
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'kind', false, 0.9),
        column(ctx, 'name', false, 2.5),
        column(ctx, 'key', false, 1.5),
      ],
      rows: missing.map(({ dc, c }) => ({
        cells: [ctx.tr.name(dc.name), kindLabel(ctx, c.kind), ctx.tr.name(c.displayName), ctx.tr.name(c.key)],
        tone: 'flagged',
      })),
      note: ctx.t('gaps.components.note'),
    });
  }
  const unknown = ctx.model.datacenters.flatMap((dc) => dc.unknownComponents.map((u) => ({ dc, u })));
  if (unknown.length > 0) {
    tables.push({
      id: 'gaps-unknown',
      caption: ctx.t('gaps.unknown.caption', { count: unknown.length }),
      columns: [
        column(ctx, 'datacenter', false, 1.3),
        column(ctx, 'metric', false, 2.5),
        column(ctx, 'component', false, 2),
      ],
      rows: unknown.map(({ dc, u }) => ({
        cells: [
          ctx.tr.name(dc.name),
          `${metric(u.metric)} (${ctx.tr.name(u.metric)})`,
          ctx.tr.name(u.component),
        ],
        tone: 'plain',
      })),
      note: ctx.t('gaps.unknown.note'),
    });
  }
  return {
    id: 'gaps',
    title: ctx.t('gaps.title'),
    tables,
    charts: [],
    empty: ctx.t('gaps.none'),
  };
}
