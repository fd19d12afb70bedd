/**
 * The body of one queued report job, versioned so a worker deployed before a change can refuse
 * what it does not understand instead of guessing:
 *
 *   {"v":1,"kind":"weekly","serviceName":"pcc-192-0-2-10","period":"2026-W47","timeZone":"Europe/Paris"}
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/errors.ts';
import type { ReportJob } from '../../core/ports.ts';
import { isServiceName, serviceNameProblem } from '../../core/service-name.ts';

const jobSchema = z.strictObject({
  v: z.literal(1),
  kind: z.enum(['weekly', 'monthly']),
  serviceName: z.string().refine(isServiceName, { error: (issue) => serviceNameProblem(issue.input) }),
  period: z.string().regex(/^\d{4}-(W\d{2}|\d{2})$/),
  timeZone: z.string().min(1),
});

/** The message body of a job. */
export function encodeJob(job: ReportJob): string {
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
