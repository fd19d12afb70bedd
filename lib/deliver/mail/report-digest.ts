/**
 * The part of a report an e-mail shows: headline figures and findings. Read from the model the
 * pipeline just built, or from the stored report.json when a retried delivery reuses it — the
 * schema checks exactly the fields the mail needs, so an unexpected file fails with its path.
 */
import { z } from 'zod';
import { StoreError } from '../../core/errors.ts';
import {
  datacenterRollupSchema,
  findingSchema,
  lenient,
  periodSchema,
  reportSchema,
} from '../../core/report-schema.ts';
import type { DatacenterRollup, FindingMessages, FindingStatus, Period, Severity } from '../../core/types.ts';

/** A finding as a delivery shows it. */
export interface DigestFinding {
  readonly id: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly title: string;
  readonly subject: { readonly displayName: string; readonly datacenterName: string };
  readonly evidence: { readonly summary: string };
  readonly messages?: FindingMessages;
}

/** What a delivery reads of a report; a ReportModel is one. */
export interface ReportDigest {
  readonly serviceName: string;
  readonly generator: { readonly name: string; readonly version: string };
  readonly generatedAt: string;
  readonly period: Pick<Period, 'kind' | 'label' | 'startMs' | 'endMs' | 'timeZone'>;
  readonly coverage: { readonly pct: number };
  readonly datacenters: readonly {
    readonly rollup: Pick<
      DatacenterRollup,
      'hosts' | 'vms' | 'poweredOnVms' | 'storageSizeGb' | 'storageUsedGb' | 'hostCpuMeanPct'
    >;
    readonly filers: readonly unknown[];
  }[];
  readonly findings: readonly DigestFinding[];
  readonly resolvedFindings: readonly unknown[];
}

const digestFindingSchema = findingSchema
  .pick({ id: true, severity: true, status: true, title: true, messages: true })
  .extend({
    subject: findingSchema.shape.subject.pick({ displayName: true, datacenterName: true }),
    evidence: findingSchema.shape.evidence.pick({ summary: true }),
  });

// The fields the mail reads, as report.json describes them; anything else is ignored.
const reportDigestSchema: z.ZodType<ReportDigest> = lenient(
  reportSchema.pick({ serviceName: true, generator: true, generatedAt: true }).extend({
    period: periodSchema.pick({ kind: true, label: true, startMs: true, endMs: true, timeZone: true }),
    coverage: reportSchema.shape.coverage.pick({ pct: true }),
    datacenters: z.array(
      z.object({
        rollup: datacenterRollupSchema.pick({
          hosts: true,
          vms: true,
          poweredOnVms: true,
          storageSizeGb: true,
          storageUsedGb: true,
          hostCpuMeanPct: true,
        }),
        filers: z.array(z.unknown()),
      }),
    ),
    findings: z.array(digestFindingSchema),
    resolvedFindings: z.array(z.unknown()),
  }),
);

/** Parses a stored report.json into a digest; throws StoreError naming the key and field. */
export function parseReportDigest(bytes: Uint8Array, key: string): ReportDigest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new StoreError(`Stored report '${key}' is not JSON.`, { cause, context: { key } });
  }
  const parsed = reportDigestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(
      `Stored report '${key}' lacks ${issue?.path.join('.') || 'its fields'} (${issue?.message ?? 'invalid'}).`,
      { context: { key } },
    );
  }
  return parsed.data;
}
