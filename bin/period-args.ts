import type { Config } from '../lib/config/config.ts';
import { PeriodError } from '../lib/core/errors.ts';
import { isoWeekPeriod, lastCompleteIsoWeek, monthPeriod } from '../lib/core/period.ts';
import type { Period } from '../lib/core/types.ts';

/** The period named by --week or --month, else the last complete ISO week in the configured zone. */
export function periodFromArgs(
  values: { week?: string | undefined; month?: string | undefined },
  config: Config,
  now: Date,
): Period {
  if (values.week && values.month) throw new PeriodError('Give --week or --month, not both.');
  if (values.week) return isoWeekPeriod(values.week, config.timeZone);
  if (values.month) return monthPeriod(values.month, config.timeZone);
  return lastCompleteIsoWeek(now, config.timeZone);
}
