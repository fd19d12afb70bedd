/**
 * Validation of `GET /v1/reports?service=&datacenter=&from=&to=&tz=&format=&lang=&table=`.
 * Every problem is collected (not only the first), each naming the field and the rule broken,
 * so a client fixes its request in one round trip; the first MAX_LISTED_PROBLEMS are listed and
 * the others counted, so a query string of thousands of bad parameters gets a small answer.
 */
import { DateTime } from 'luxon';
import { PeriodError } from '../../core/errors.ts';
import { assertTimeZone, customPeriod, hasEnded } from '../../core/period.ts';
import { isServiceName, serviceNameProblem } from '../../core/service-name.ts';
import { CSV_FILES, type CsvFile, LANGUAGES, type Language, type Period } from '../../core/types.ts';

export const REPORT_FORMATS = ['json', 'pdf', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_PARAMETERS = [
  'service',
  'datacenter',
  'from',
  'to',
  'tz',
  'format',
  'lang',
  'table',
] as const;

/** Rule names, stable for clients (they appear in `errors[].rule`). */
export const RULES = {
  unknown: 'unknown-parameter',
  duplicate: 'duplicate-parameter',
  required: 'required',
  pattern: 'pattern',
  enum: 'enum',
  dateTime: 'date-time',
  timeZone: 'time-zone',
  order: 'range-order',
  maxSpan: 'max-span',
  future: 'not-in-future',
  csvOnly: 'csv-only',
} as const;

export type Rule = (typeof RULES)[keyof typeof RULES];

export const PROBLEM_LIMITS = {
  /** 20 problems listed, in the order found; the rest are counted. */
  maxListed: 20,
  /** 100 characters of a field's name are quoted; a longer (unknown) one is cut, marked with '…'. */
  maxFieldChars: 100,
} as const;

export interface FieldProblem {
  readonly field: string;
  readonly rule: Rule;
  readonly message: string;
}

export interface ReportQuery {
  readonly service: string;
  /** Datacenter id or name; null for every datacenter of the service. */
  readonly datacenter: string | null;
  readonly period: Period;
  readonly format: ReportFormat;
  readonly language: Language;
  /** The CSV table (format=csv only). */
  readonly table: CsvFile;
}

export interface QueryDefaults {
  readonly timeZone: string;
  readonly language: Language;
  readonly maxSpanDays: number;
  readonly now: Date;
}

const DATACENTER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

type Add = (field: string, rule: Rule, message: string) => void;

/** Each known parameter once; unknown and repeated ones are problems. */
function collect(rawQuery: string, add: Add): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (!oneOf(REPORT_PARAMETERS, name)) {
      add(name, RULES.unknown, `Unknown parameter; expected ${REPORT_PARAMETERS.join(', ')}.`);
    } else if (values.has(name)) {
      add(name, RULES.duplicate, 'Given more than once; give it once.');
    } else {
      values.set(name, value);
    }
  }
  return values;
}

const isDateOrTime = (v: string) =>
  DATE_OR_TIME.test(v) && DateTime.fromISO(v.replace(' ', 'T'), { zone: 'UTC' }).isValid;

/** The period of `from`, `to` and `tz`, or null after adding what is wrong with them. */
function parseRange(values: ReadonlyMap<string, string>, defaults: QueryDefaults, add: Add): Period | null {
  const tz = values.get('tz') || defaults.timeZone;
  let zoneOk = true;
  try {
    assertTimeZone(tz);
  } catch {
    zoneOk = false;
    add('tz', RULES.timeZone, "Expected an IANA time zone such as 'Europe/Paris'.");
  }
  const [from, to] = ['from', 'to'].map((name) => {
    const v = values.get(name);
    if (!v) {
      add(name, RULES.required, 'Required.');
      return null;
    }
    if (!isDateOrTime(v)) {
      add(
        name,
        RULES.dateTime,
        'Expected a date (2026-11-16) or a local date-time (2026-11-16T08:00), optionally with an offset.',
      );
      return null;
    }
    return v;
  });
  if (!from || !to || !zoneOk) return null;
  let period: Period;
  try {
    period = customPeriod(from, to, tz);
  } catch (error) {
    // Both bounds parse (checked above), so what is left is their order.
    if (!(error instanceof PeriodError)) throw error;
    add('to', RULES.order, 'Must come after from (to is exclusive).');
    return null;
  }
  // Calendar days in the zone: a month across a DST change is still 31 days, not 31 and an hour.
  const days = DateTime.fromMillis(period.endMs, { zone: tz }).diff(
    DateTime.fromMillis(period.startMs, { zone: tz }),
    'days',
  ).days;
  if (days > defaults.maxSpanDays) {
    add(
      'to',
      RULES.maxSpan,
      `The range spans ${days.toFixed(1)} days; at most ${defaults.maxSpanDays} are allowed.`,
    );
  }
  if (!hasEnded(period, defaults.now)) {
    add('to', RULES.future, 'The range must have ended: its data is not all there yet.');
  }
  return period;
}

/**
 * Parses a query string into a ReportQuery, or lists its problems: the first
 * `PROBLEM_LIMITS.maxListed`, and how many more there are.
 */
export function parseReportQuery(
  rawQuery: string,
  defaults: QueryDefaults,
):
  | { readonly query: ReportQuery }
  | { readonly problems: readonly FieldProblem[]; readonly moreProblems: number } {
  const problems: FieldProblem[] = [];
  let moreProblems = 0;
  const add: Add = (field, rule, message) => {
    if (problems.length >= PROBLEM_LIMITS.maxListed) {
      moreProblems++;
      return;
    }
    const quoted =
      field.length > PROBLEM_LIMITS.maxFieldChars
        ? `${field.slice(0, PROBLEM_LIMITS.maxFieldChars)}…`
        : field;
    problems.push({ field: quoted, rule, message });
  };
  const values = collect(rawQuery, add);

  const service = values.get('service') || null;
  if (service === null) add('service', RULES.required, 'Required.');
  else if (!isServiceName(service)) add('service', RULES.pattern, `${serviceNameProblem(service)}.`);
  const datacenter = values.get('datacenter') || null;
  if (datacenter !== null && !DATACENTER_PATTERN.test(datacenter)) {
    add('datacenter', RULES.pattern, 'Expected a datacenter id (e.g. 1234) or name.');
  }
  const format = values.get('format') || 'json';
  if (!oneOf(REPORT_FORMATS, format))
    add('format', RULES.enum, `Expected one of ${REPORT_FORMATS.join(', ')}.`);
  const language = values.get('lang') || defaults.language;
  if (!oneOf(LANGUAGES, language)) add('lang', RULES.enum, `Expected one of ${LANGUAGES.join(', ')}.`);
  const table = values.get('table');
  if (table !== undefined && !oneOf(CSV_FILES, table))
    add('table', RULES.enum, `Expected one of ${CSV_FILES.join(', ')}.`);
  if (table !== undefined && format !== 'csv') add('table', RULES.csvOnly, 'Only with format=csv.');
  const period = parseRange(values, defaults, add);

  if (problems.length > 0 || !service || !period) return { problems, moreProblems };
  return {
    query: {
      service,
      datacenter,
      period,
      format: format as ReportFormat,
      language: language as Language,
      table: (table as CsvFile | undefined) ?? 'vms',
    },
  };
}
