/**
 * What the scheduled functions and the worker do, over a Runtime:
 *
 *   scheduleJobs  one job per service for a period: queued when a queue is configured (the
 *                 worker builds them in parallel), otherwise run here one after the other
 *   runJob        one job: the weekly delivery or the monthly archive of one service
 *
 * Jobs are per service: a service's report covers all its datacenters (the pipeline's unit).
 */
import { DeliveryError, describeError, RenderError } from '../core/errors.ts';
import { isoWeekPeriod, monthPeriod } from '../core/period.ts';
import type { ReportJob } from '../core/ports.ts';
import type { Language } from '../core/types.ts';
import { type ArchiveOutcome, archiveMonth } from '../deliver/archive/archive-month.ts';
import type { PublishedReportBuilder } from '../deliver/published-report.ts';
import { deliverWeekly, type WeeklyOutcome } from '../deliver/weekly-delivery.ts';
import type { Runtime } from './open-runtime.ts';

export type JobOutcome =
  | ({ readonly job: ReportJob; readonly kind: 'weekly' } & WeeklyOutcome)
  | ({ readonly job: ReportJob; readonly kind: 'monthly' } & ArchiveOutcome);

/** A delivery's report: the whole set, built and stored with the runtime's builder. */
export function publishedReportBuilder(runtime: Runtime, signal?: AbortSignal): PublishedReportBuilder {
  return async ({ serviceName, period, language }) => {
    const { model, documents, summaries } = await runtime.build({ serviceName, period, language }, signal);
    const { pdf, html } = documents;
    if (!pdf || html === undefined)
      throw new RenderError(`The report of ${serviceName} lacks its PDF or HTML.`);
    return { digest: model, pdf, html, summaries };
  };
}

/** The language a service's documents are written in: its recipients', else the configuration's. */
export function languageOf(runtime: Runtime, serviceName: string): Language {
  return runtime.config.mail.recipients[serviceName]?.language ?? runtime.config.language;
}

/**
 * Runs one job. `build` makes the report when the store has none yet: a one-process build by
 * default, a composition of datacenter parts for a fanned-out job (fan-out-jobs.ts).
 */
export async function runJob(
  runtime: Runtime,
  job: ReportJob,
  signal?: AbortSignal,
  build: PublishedReportBuilder = publishedReportBuilder(runtime, signal),
): Promise<JobOutcome> {
  const { config } = runtime;
  const deps = { store: runtime.store, build, now: runtime.now };
  const language = languageOf(runtime, job.serviceName);
  if (job.kind === 'monthly') {
    const month = monthPeriod(job.period, job.timeZone);
    return {
      job,
      kind: 'monthly',
      ...(await archiveMonth(deps, { serviceName: job.serviceName, month, language })),
    };
  }
  const recipients = config.mail.recipients[job.serviceName];
  const outcome = await deliverWeekly(
    { ...deps, mailer: runtime.mailer },
    {
      serviceName: job.serviceName,
      period: isoWeekPeriod(job.period, job.timeZone),
      recipients: recipients ? { to: recipients.to, cc: recipients.cc, language } : null,
      language,
      from: config.mail.from ?? '',
      attachMaxBytes: config.mail.attachMaxKb * 1024,
      linkTtlSeconds: config.mail.linkTtlHours * 3600,
      leaseSeconds: config.schedule.leaseSeconds,
    },
  );
  return { job, kind: 'weekly', ...outcome };
}

export type ScheduleResult =
  | { readonly mode: 'queued'; readonly jobs: readonly ReportJob[] }
  | {
      readonly mode: 'inline';
      readonly jobs: readonly ReportJob[];
      readonly outcomes: readonly JobOutcome[];
    };

/** One job per service for `period` (`2026-W47` or `2026-11`): queued, or run here in turn. */
export async function scheduleJobs(
  runtime: Runtime,
  kind: ReportJob['kind'],
  period: string,
  signal?: AbortSignal,
): Promise<ScheduleResult> {
  const timeZone = runtime.config.timeZone;
  const jobs = (await runtime.services(signal)).map(
    (serviceName): ReportJob => ({ kind, serviceName, period, timeZone }),
  );
  if (runtime.queue) {
    await runtime.queue.enqueue(jobs);
    return { mode: 'queued', jobs };
  }
  // One service failing must not cost the others their report: run all, then fail naming the failed.
  const outcomes: JobOutcome[] = [];
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      outcomes.push(await runJob(runtime, job, signal));
    } catch (error) {
      const { code, message } = describeError(error);
      failed.push(`${job.serviceName} (${code}: ${message})`);
    }
  }
  if (failed.length > 0) {
    throw new DeliveryError(`${failed.length} of ${jobs.length} ${kind} job(s) failed: ${failed.join('; ')}`);
  }
  return { mode: 'inline', jobs, outcomes };
}
