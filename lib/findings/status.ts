/**
 * Status against the previous period: a finding whose id was in the previous report is
 * persisting, otherwise new; a previous finding whose id is gone is resolved and listed as it was.
 * The previous report is read leniently (unknown fields ignored, so later versions still
 * compare) but a report without findings of this shape is stated, not guessed from.
 */
import { z } from 'zod';
import type { Comparison, Finding, Findings, Message, Severity } from '../core/types.ts';

const severity = z.enum(['critical', 'warning', 'info']);

const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(messageSchema)])),
  }),
);

const previousFindingSchema = z.object({
  id: z.string(),
  rule: z.string(),
  severity,
  status: z.enum(['new', 'persisting', 'resolved']),
  confidence: z.enum(['high', 'low']),
  subject: z.object({
    kind: z.enum(['host', 'vm', 'filer', 'datacenter']),
    key: z.string(),
    displayName: z.string(),
    datacenterTag: z.string(),
    datacenterName: z.string(),
  }),
  title: z.string(),
  evidence: z.object({
    summary: z.string(),
    figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
    coveragePct: z.number().nullable(),
    period: z.object({ label: z.string(), startIso: z.string(), endIso: z.string() }),
  }),
  recommendation: z.string(),
  previousSeverity: severity.nullable(),
  // Kept so a resolved finding is listed in the report's language; reports before them lack it.
  messages: z
    .object({
      title: messageSchema,
      summary: z.array(messageSchema),
      recommendation: z.array(messageSchema),
    })
    .exactOptional(),
});

const previousReportSchema = z.object({
  schemaVersion: z.literal(2),
  period: z.object({ label: z.string() }),
  findings: z.array(previousFindingSchema),
});

export interface PreviousReport {
  readonly label: string;
  readonly findings: readonly Finding[];
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
  return { label: parsed.data.period.label, findings: parsed.data.findings };
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
