import type { ReportModel } from '../core/types.ts';

/** An indented array holding only numbers and nulls (profiles, histogram counts, sum partials). */
const NUMBER_ARRAY = /\[\n\s*((?:-?[\d.eE+-]+|null)(?:,\n\s*(?:-?[\d.eE+-]+|null))*)\n\s*\]/g;

/**
 * The report JSON: every figure of the model, indented for people who open it, with arrays of
 * plain numbers kept on one line (a 168-cell profile would otherwise take 168 lines).
 */
export function composeJson(model: ReportModel): string {
  const text = JSON.stringify(model, null, 2).replace(
    NUMBER_ARRAY,
    (_, items: string) => `[${items.replace(/,\n\s*/g, ', ')}]`,
  );
  return `${text}\n`;
}
