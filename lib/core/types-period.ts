/** The reporting period every stage works on. */

/** A reporting period: [start, end) in epoch milliseconds, labelled in its time zone. */
export interface Period {
  readonly kind: 'week' | 'month' | 'custom';
  /** `2026-W47`, `2026-11`, or `<start>_<end>` for custom ranges. */
  readonly label: string;
  readonly startMs: number;
  /** Exclusive. */
  readonly endMs: number;
  /** IANA time zone the period was cut in, e.g. `Europe/Paris`. */
  readonly timeZone: string;
}

/** A period as a report states it: with its bounds as ISO 8601 local date-times. */
export type ReportPeriod = Period & { readonly startIso: string; readonly endIso: string };
