import type { ReportModel } from '../core/types.ts';

/** The report JSON: every figure of the model, indented for people who open it. */
export function composeJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
