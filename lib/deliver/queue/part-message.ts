/**
 * The body of a datacenter job of a fanned-out report (see lib/deliver/fan-out/), beside the
 * service jobs of job-message.ts, versioned the same way:
 *
 *   {"v":1,"kind":"part","job":{…the service's job…},"runId":"…","datacenterTag":"…","index":0,"count":3}
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/errors.ts';
import type { ReportJob } from '../../core/ports.ts';
import { decodeJob, encodeJob } from './job-message.ts';

/** One datacenter's job of a service's weekly or monthly report split per datacenter. */
export interface PartJob {
  readonly kind: 'part';
  /** The service's job the part belongs to. */
  readonly job: ReportJob;
  /** The fan-out run: its parts and its compose claim live under a prefix of its own. */
  readonly runId: string;
  readonly datacenterTag: string;
  /** The datacenter's position in the inventory, 0-based; the report lists them in this order. */
  readonly index: number;
  /** How many datacenters (parts) the run has. */
  readonly count: number;
}

/** A queue that also takes datacenter jobs (SQS in production). */
export interface PartQueue {
  enqueueParts(jobs: readonly PartJob[]): Promise<{ readonly enqueued: number }>;
}

const partSchema = z
  .strictObject({
    v: z.literal(1),
    kind: z.literal('part'),
    job: z.looseObject({}),
    runId: z.string().regex(/^[0-9a-f-]{36}$/),
    datacenterTag: z.string().min(1).max(200),
    index: z.int().min(0),
    count: z.int().min(1).max(1000),
  })
  .refine((p) => p.index < p.count, { error: 'index must be below count', path: ['index'] });

/** The message body of a datacenter job. */
export function encodePartJob(part: PartJob): string {
  const job: unknown = JSON.parse(encodeJob(part.job));
  return JSON.stringify({ v: 1, ...part, job });
}

/** A datacenter job, or null when the body is not one (another kind of job: decode it as such). */
export function decodePartJob(body: string): PartJob | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== 'part') return null;
  const parsed = partSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeliveryError(
      `Queued datacenter job is malformed: ${issue?.path.join('.') || 'body'}: ${issue?.message}.`,
    );
  }
  const { v: _v, job, ...part } = parsed.data;
  return { ...part, job: decodeJob(JSON.stringify(job)) };
}
