/**
 * The scheduled functions, made by one factory: `weekly` (Monday morning: the last complete ISO
 * week) and `monthly` (early each month: the last complete calendar month). Each schedules one
 * job per service — on the queue when one is configured (the worker builds them), otherwise built
 * in place one after the other. A manual run may name the period: `{"period":"2026-W47"}` or
 * `{"period":"2026-11"}`.
 */
import { isoWeekPeriod, lastCompleteIsoWeek, lastCompleteMonth, monthPeriod } from '../core/period.ts';
import type { ReportJob } from '../core/ports.ts';
import type { Period } from '../core/types.ts';
import { deadlineSignal, type LambdaContext, logInvocation, scheduleEventSchema } from './lambda.ts';
import type { FunctionLogger } from './logger.ts';
import type { Runtime } from './open-runtime.ts';
import { type JobOutcome, scheduleJobs } from './report-jobs.ts';

export type ScheduledResult = {
  /** The period built, under `week` (`2026-W47`) or `month` (`2026-11`) as the run's kind. */
  readonly [field in 'week' | 'month']?: string;
} & {
  readonly mode: 'queued' | 'inline';
  readonly jobs: number;
  /** One line per service when built in place (`<service>: <status> (<message>)`); none when queued. */
  readonly outcomes: readonly string[];
};

const PERIODS: Record<
  ReportJob['kind'],
  { named(label: string, tz: string): Period; last(now: Date, tz: string): Period }
> = {
  weekly: { named: isoWeekPeriod, last: lastCompleteIsoWeek },
  monthly: { named: monthPeriod, last: lastCompleteMonth },
};

const FIELD = { weekly: 'week', monthly: 'month' } as const;

function describeOutcome(outcome: JobOutcome): string {
  const message = 'message' in outcome ? ` (${outcome.message})` : '';
  return `${outcome.job.serviceName}: ${outcome.status}${message}`;
}

/** The Lambda handler of a scheduled run of `kind` over the runtime, logging to `logger`. */
export function scheduledHandler(kind: ReportJob['kind'], runtime: Runtime, logger: FunctionLogger) {
  const { timeZone } = runtime.config;
  return async (event: unknown, context?: LambdaContext): Promise<ScheduledResult> => {
    logInvocation(logger, context);
    const input = scheduleEventSchema.parse(event ?? {});
    const period = input.period
      ? PERIODS[kind].named(input.period, timeZone)
      : PERIODS[kind].last(runtime.now(), timeZone);
    const result = await scheduleJobs(runtime, kind, period.label, deadlineSignal(context));
    const outcomes = result.mode === 'inline' ? result.outcomes.map(describeOutcome) : [];
    const summary = { [FIELD[kind]]: period.label, mode: result.mode, jobs: result.jobs.length, outcomes };
    logger.info(`${kind} run ${result.mode}`, { kind, ...summary });
    return summary;
  };
}
