/**
 * The part of a report an e-mail shows: headline figures and findings. Read from the model the
 * pipeline just built, or from the stored report.json when a retried delivery reuses it — the
 * schema checks exactly the fields the mail needs, so an unexpected file fails with its path.
 */
import { z } from 'zod';
import { StoreError } from '../../core/errors.ts';
import type {
  DatacenterRollup,
  FindingMessages,
  FindingStatus,
  Message,
  Period,
  Severity,
} from '../../core/types.ts';

const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(messageSchema)])),
  }),
);

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

const findingSchema = z.object({
  id: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  status: z.enum(['new', 'persisting', 'resolved']),
  title: z.string(),
  subject: z.object({ displayName: z.string(), datacenterName: z.string() }),
  evidence: z.object({ summary: z.string() }),
  messages: z
    .object({ title: messageSchema, summary: z.array(messageSchema), recommendation: z.array(messageSchema) })
    .exactOptional(),
});

const reportDigestSchema: z.ZodType<ReportDigest> = z.object({
  serviceName: z.string(),
  generator: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.string(),
  period: z.object({
    kind: z.enum(['week', 'month', 'custom']),
    label: z.string(),
    startMs: z.number(),
    endMs: z.number(),
    timeZone: z.string(),
  }),
  coverage: z.object({ pct: z.number() }),
  datacenters: z.array(
    z.object({
      rollup: z.object({
        hosts: z.number(),
        vms: z.number(),
        poweredOnVms: z.number(),
        storageSizeGb: z.number(),
        storageUsedGb: z.number(),
        hostCpuMeanPct: z.number().nullable(),
      }),
      filers: z.array(z.unknown()),
    }),
  ),
  findings: z.array(findingSchema),
  resolvedFindings: z.array(z.unknown()),
});

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
