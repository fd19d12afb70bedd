/**
 * Min/max decimation: a week of 5-minute samples is 2,016 points, but a chart is a few hundred
 * pixels wide. Keeping, for every pixel-wide time bucket, the lowest and the highest sample (in time
 * order) draws the same envelope as the full series — peaks survive, unlike averaging — with at most
 * two points per pixel.
 *
 * Missing data stays visible: where two consecutive samples are further apart than `maxGap`, a
 * point with a null value is inserted so the line breaks instead of bridging the hole.
 */

export interface DecimatedPoint {
  /** Same unit as the input timestamps. */
  readonly t: number;
  /** Null marks a gap: the line must break here. */
  readonly value: number | null;
}

export interface DecimateOptions {
  /** Start of the time range (inclusive), in the unit of the timestamps. */
  readonly start: number;
  /** End of the time range (exclusive). Samples outside [start, end) are ignored. */
  readonly end: number;
  /** Number of buckets, usually the plot width in pixels. */
  readonly buckets: number;
  /** Largest spacing between consecutive samples that is not a gap. */
  readonly maxGap: number;
}

/** Upper bound on the points `decimateMinMax` returns for these options (two per bucket plus gap markers). */
export function maxDecimatedPoints(options: DecimateOptions): number {
  const span = options.end - options.start;
  const gaps = options.maxGap > 0 ? Math.ceil(span / options.maxGap) : 0;
  return 2 * Math.max(1, Math.floor(options.buckets)) + gaps;
}

/**
 * Reduces a time series to at most two points per bucket (its minimum and maximum, in time order),
 * plus a null point wherever the series has a gap; NaN values count as missing samples.
 */
export function decimateMinMax(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  options: DecimateOptions,
): DecimatedPoint[] {
  const { start, end, maxGap } = options;
  const buckets = Math.max(1, Math.floor(options.buckets));
  const span = end - start;
  const out: DecimatedPoint[] = [];
  if (!(span > 0)) return out;

  let bucket = -1;
  let minAt = -1;
  let maxAt = -1;
  let previous = Number.NaN;

  const emit = (index: number): void => {
    out.push({ t: timestamps[index] as number, value: values[index] as number });
  };
  const flush = (): void => {
    if (minAt < 0) return;
    if (minAt === maxAt) emit(minAt);
    else {
      emit(Math.min(minAt, maxAt));
      emit(Math.max(minAt, maxAt));
    }
    minAt = -1;
    maxAt = -1;
  };

  const count = Math.min(timestamps.length, values.length);
  for (let i = 0; i < count; i++) {
    const t = timestamps[i] as number;
    const v = values[i] as number;
    if (!Number.isFinite(v) || !(t >= start && t < end)) continue;
    const b = Math.min(buckets - 1, Math.floor(((t - start) / span) * buckets));
    if (t - previous > maxGap) {
      flush();
      out.push({ t: (previous + t) / 2, value: null });
    } else if (b !== bucket) {
      flush();
    }
    bucket = b;
    if (minAt < 0 || v < (values[minAt] as number)) minAt = i;
    if (maxAt < 0 || v > (values[maxAt] as number)) maxAt = i;
    previous = t;
  }
  flush();
  return out;
}
