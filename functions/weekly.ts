/**
 * Scheduled, Monday morning in the configured time zone: the last complete ISO week of every
 * service — one job per service on the queue (the worker builds and mails them), or built here
 * one after the other when no queue is configured. A manual run may name the week:
 * `{"period":"2026-W47"}`.
 */
import { loadConfig } from '../lib/config/config.ts';
import { isoWeekPeriod, lastCompleteIsoWeek } from '../lib/core/period.ts';
import { deadlineSignal, type LambdaContext, log, scheduleEventSchema } from '../lib/runtime/lambda.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { scheduleJobs } from '../lib/runtime/report-jobs.ts';

const config = loadConfig(process.env);
const runtime = openRuntime(config);

export async function handler(event: unknown, context?: LambdaContext) {
  const input = scheduleEventSchema.parse(event ?? {});
  const week = input.period
    ? isoWeekPeriod(input.period, config.timeZone)
    : lastCompleteIsoWeek(runtime.now(), config.timeZone);
  const result = await scheduleJobs(runtime, 'weekly', week.label, deadlineSignal(context));
  const outcomes =
    result.mode === 'inline' ? result.outcomes.map((o) => `${o.job.serviceName}: ${o.status}`) : [];
  log({
    level: 'info',
    function: 'weekly',
    week: week.label,
    mode: result.mode,
    jobs: result.jobs.length,
    outcomes,
  });
  return { week: week.label, mode: result.mode, jobs: result.jobs.length, outcomes };
}
