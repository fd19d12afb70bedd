/** The glossary closing the report: the report's own words, each in one or two plain sentences. */
import { column, type ViewContext } from './view-context.ts';
import type { SectionView } from './view-types.ts';

/** The terms, in reading order (each has `glossary.term.<id>.name` and `.meaning`). */
export const GLOSSARY_TERMS = [
  'p95',
  'coverage',
  'gap',
  'cpuReady',
  'vcpuInUse',
  'overcommit',
  'growth',
  'runway',
  'confidence',
  'vscopeUnit',
] as const;

/** The glossary section: one table of terms and meanings. */
export function glossarySection(ctx: ViewContext): SectionView {
  return {
    id: 'glossary',
    title: ctx.t('glossary.title'),
    tables: [
      {
        id: 'glossary-table',
        caption: ctx.t('glossary.caption'),
        columns: [column(ctx, 'term', false, 1.2), column(ctx, 'meaning', false, 4)],
        rows: GLOSSARY_TERMS.map((id) => ({
          cells: [ctx.t(`glossary.term.${id}.name`), ctx.t(`glossary.term.${id}.meaning`)],
          tone: 'plain',
        })),
        note: '',
      },
    ],
    charts: [],
    empty: '',
  };
}
