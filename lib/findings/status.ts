/**
 * Status against the previous period: a finding whose id was in the previous report is
 * persisting, otherwise new; a previous finding whose id is gone is resolved and listed as it was.
 * The previous report is read leniently (unknown fields ignored, so later versions still
 * compare) but a report without findings of this shape is stated, not guessed from.
 */
import { z } from 'zod';
import { findingSchema, lenient, periodSchema, reportSchema } from '../core/report-schema.ts';
import type { Comparison, Finding, Findings, Severity } from '../core/types.ts';
import { type PreviousDatacenter, readPreviousDatacenters } from './previous-figures.ts';

// The findings as report.json describes them (messages included, so a resolved finding is
// listed in the report's language; reports before them lack it), read leniently.
const previousReportSchema = lenient(
  z.object({
    schemaVersion: reportSchema.shape.schemaVersion,
    generatedAt: reportSchema.shape.generatedAt,
    period: periodSchema.pick({ label: true, endMs: true }),
    findings: z.array(findingSchema),
  }),
);

export interface PreviousReport {
  readonly label: string;
  readonly findings: readonly Finding[];
  /** Its inventory and figures, for what changed; null when they do not read (findings still compare). */
  readonly datacenters?: readonly PreviousDatacenter[] | null;
}

/** The findings of a previous report's JSON, or the reason they cannot be used. */
export function readPreviousReport(json: unknown): PreviousReport | { readonly unusable: string } {
  const version =
    typeof json === 'object' && json !== null
      ? (json as { schemaVersion?: unknown }).schemaVersion
      : undefined;
  if (version === 1) return { unusable: 'it predates findings (report schema 1)' };
  const parsed = previousReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      unusable: `it is not a report this version reads (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`,
    };
  }
  const { generatedAt, period, findings } = parsed.data;
  // A report made before its period ended (`--partial`) saw part of it: not a period to compare with.
  if (Date.parse(generatedAt) < period.endMs) {
    return { unusable: 'it was made before its period ended (a partial report)' };
  }
  return { label: period.label, findings, datacenters: readPreviousDatacenters(json) };
}

/** A finding of this period before comparison. */
export type CurrentFinding = Omit<Finding, 'status' | 'previousSeverity'>;

/** Marks current findings new or persisting and lists the previous ones that are resolved. */
export function compareWithPrevious(
  current: readonly CurrentFinding[],
  previous: PreviousReport | null,
  comparison: Omit<Comparison, 'found'>,
): Findings {
  const before = new Map<string, Severity>((previous?.findings ?? []).map((f) => [f.id, f.severity]));
  const findings: Finding[] = current.map((f) => {
    const was = before.get(f.id);
    return { ...f, status: was === undefined ? 'new' : 'persisting', previousSeverity: was ?? null };
  });
  const now = new Set(current.map((f) => f.id));
  const resolved: Finding[] = (previous?.findings ?? [])
    .filter((f) => !now.has(f.id))
    .map((f) => ({ ...f, status: 'resolved', previousSeverity: f.severity }));
  return { findings, resolved, comparison: { ...comparison, found: previous !== null } };
}
