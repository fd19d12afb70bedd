/**
 * The period options every command that builds a report shares, and the period they name:
 * `--week W`, `--month M`, or `--from ISO --to ISO` (one form at most), else the last complete
 * ISO week. A malformed value is a usage error (exit 2), with the period module's own words.
 */
import { DateTime } from 'luxon';
import {
  assertTimeZone,
  customPeriod,
  hasEnded,
  isoWeekPeriod,
  lastCompleteIsoWeek,
  monthPeriod,
} from '../lib/core/period.ts';
import type { Period } from '../lib/core/types.ts';
import type { StringOption } from './cli.ts';
import { UsageError } from './cli.ts';

const LAST_WEEK = 'the last complete ISO week';

/** `--week W`. */
export const WEEK_OPTION = {
  type: 'string',
  value: 'W',
  description: 'ISO week, e.g. 2026-W47',
  defaultText: LAST_WEEK,
} as const satisfies StringOption;

/** `--week`, `--month`, `--from`, `--to`. */
export const PERIOD_OPTIONS = {
  week: WEEK_OPTION,
  month: {
    type: 'string',
    value: 'M',
    description: 'calendar month, e.g. 2026-10',
  },
  from: {
    type: 'string',
    value: 'ISO',
    description: 'start of a custom range: 2026-11-16 or 2026-11-16T08:00 (local in --tz), or with an offset',
  },
  to: {
    type: 'string',
    value: 'ISO',
    description: 'end of the custom range, exclusive (with --from)',
  },
} as const satisfies Record<string, StringOption>;

/** `--partial`: a period that has not ended yet, built anyway. */
export const PARTIAL_OPTION = {
  type: 'boolean',
  description:
    'build a period that has not ended yet: the report says so on its cover, is stored under <period>-partial and is never compared with',
} as const;

export interface PeriodValues {
  /** Accept a period that has not ended at `now` (refused otherwise, as the HTTP API does). */
  readonly partial?: boolean | undefined;
  readonly week?: string | undefined;
  readonly month?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Checks `--tz`; a usage error names the flag. */
export function checkTimeZone(zone: string): void {
  usage(() => assertTimeZone(zone));
}

/**
 * The period named by the options, else the last complete ISO week at `now` in `zone`. A period
 * that has not ended at `now` is a usage error unless `--partial` is given: its data is not all
 * there, and stored as `weekly/<week>` it would be taken as the complete week.
 */
export function periodFromArgs(values: PeriodValues, zone: string, now: Date): Period {
  const period = namedPeriod(values, zone, now);
  if (!values.partial && !hasEnded(period, now)) {
    throw new UsageError(
      `${period.label} has not ended (it ends ${DateTime.fromMillis(period.endMs, { zone }).toISO()}): its data is not all there yet (rule not-in-future). ` +
        'Give --partial to build it anyway; the report then says so and is never taken as the complete period.',
    );
  }
  return period;
}

function namedPeriod(values: PeriodValues, zone: string, now: Date): Period {
  const forms = [
    values.week ? '--week' : null,
    values.month ? '--month' : null,
    values.from || values.to ? '--from/--to' : null,
  ].filter((f): f is string => f !== null);
  if (forms.length > 1) throw new UsageError(`Give only one of ${forms.join(', ')}.`);
  if (values.week) return usage(() => isoWeekPeriod(values.week ?? '', zone));
  if (values.month) return usage(() => monthPeriod(values.month ?? '', zone));
  if (values.from || values.to) {
    if (!values.from || !values.to) throw new UsageError('--from and --to go together: give both.');
    return usage(() => customPeriod(values.from ?? '', values.to ?? '', zone));
  }
  return usage(() => lastCompleteIsoWeek(now, zone));
}
