/**
 * Scheduled early each month: archives the last complete calendar month of every service under
 * `archive/<service>/<YYYY-MM>/` (never overwritten) and adds it to `archive/index.json`. Queued
 * per service like the weekly run when a queue is configured. A manual run may name the month:
 * `{"period":"2026-11"}`.
 */
import { loadConfig } from '../lib/config/config.ts';
import { lastCompleteMonth, monthPeriod } from '../lib/core/period.ts';
import { deadlineSignal, type LambdaContext, log, scheduleEventSchema } from '../lib/runtime/lambda.ts';
import { openRuntime } from '../lib/runtime/open-runtime.ts';
import { scheduleJobs } from '../lib/runtime/report-jobs.ts';

const config = loadConfig(process.env);
const runtime = openRuntime(config);

export async function handler(event: unknown, context?: LambdaContext) {
  const input = scheduleEventSchema.parse(event ?? {});
  const month = input.period
    ? monthPeriod(input.period, config.timeZone)
    : lastCompleteMonth(runtime.now(), config.timeZone);
  const result = await scheduleJobs(runtime, 'monthly', month.label, deadlineSignal(context));
  const outcomes =
    result.mode === 'inline'
      ? result.outcomes.map(
          (o) => `${o.job.serviceName}: ${o.status}${'message' in o ? ` (${o.message})` : ''}`,
        )
      : [];
  log({
    level: 'info',
    function: 'monthly',
    month: month.label,
    mode: result.mode,
    jobs: result.jobs.length,
    outcomes,
  });
  return { month: month.label, mode: result.mode, jobs: result.jobs.length, outcomes };
}
