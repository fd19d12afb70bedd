/**
 * The body of one queued report job, versioned so a worker deployed before a change can refuse
 * what it does not understand instead of guessing:
 *
 *   {"v":1,"kind":"weekly","serviceName":"pcc-192-0-2-10","period":"2026-W47","timeZone":"Europe/Paris"}
 *   {"v":1,"kind":"adhoc","jobId":"3f9c0e6a1b2d4c5e6f708192"}   (an accepted on-demand request)
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/errors.ts';
import type { AdhocJob, QueuedJob, ReportJob } from '../../core/ports.ts';
import { isServiceName, serviceNameProblem } from '../../core/service-name.ts';

const jobSchema = z.strictObject({
  v: z.literal(1),
  kind: z.enum(['weekly', 'monthly']),
  serviceName: z.string().refine(isServiceName, { error: (issue) => serviceNameProblem(issue.input) }),
  period: z.string().regex(/^\d{4}-(W\d{2}|\d{2})$/),
  timeZone: z.string().min(1),
});

/** An on-demand job's id: derived from its artefact's key (see job-record.ts). */
export const JOB_ID_PATTERN = /^[0-9a-f]{24}$/;

const adhocSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('adhoc'),
  jobId: z.string().regex(JOB_ID_PATTERN),
});

/** The message body of a job. */
export function encodeJob(job: QueuedJob): string {
  return JSON.stringify({ v: 1, ...job });
}

/** Parses a message body; throws DeliveryError naming the field. */
export function decodeJob(body: string): ReportJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new DeliveryError('Queued job is not JSON.', { cause });
  }
  const parsed = jobSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeliveryError(
      `Queued job is malformed: ${issue?.path.join('.') || 'body'}: ${issue?.message}.`,
    );
  }
  const { v: _v, ...job } = parsed.data;
  const weekly = /W/.test(job.period);
  if ((job.kind === 'weekly') !== weekly) {
    throw new DeliveryError(`Queued job is malformed: period ${job.period} does not fit a ${job.kind} job.`);
  }
  return job;
}

/** Parses a message body of either kind: an on-demand job, else a scheduled one (`decodeJob`). */
export function decodeQueuedJob(body: string): QueuedJob {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new DeliveryError('Queued job is not JSON.', { cause });
  }
  if ((json as { kind?: unknown } | null)?.kind !== 'adhoc') return decodeJob(body);
  const parsed = adhocSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DeliveryError(
      `Queued job is malformed: ${issue?.path.join('.') || 'body'}: ${issue?.message}.`,
    );
  }
  const job: AdhocJob = { kind: 'adhoc', jobId: parsed.data.jobId };
  return job;
}
