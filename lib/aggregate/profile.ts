/**
 * Hour-of-week profiles: the mean of a series for each local hour of the week (Monday 00h = cell 0,
 * Sunday 23h = cell 167) in the period's zone, the data behind weekly heatmaps. On the autumn DST
 * night the repeated hour feeds one cell twice; the skipped spring hour has no samples.
 */
import { HOURS_PER_WEEK } from './local-time.ts';

/** Sums and counts per hour of the week; add several series to get a fleet profile. */
export class ProfileAccumulator {
  private readonly sums = new Float64Array(HOURS_PER_WEEK);
  private readonly counts = new Uint32Array(HOURS_PER_WEEK);

  add(cell: number, value: number): void {
    this.sums[cell] = (this.sums[cell] as number) + value;
    this.counts[cell] = (this.counts[cell] as number) + 1;
  }

  merge(other: ProfileAccumulator): void {
    for (let i = 0; i < HOURS_PER_WEEK; i++) {
      this.sums[i] = (this.sums[i] as number) + (other.sums[i] as number);
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    }
  }

  /** The sums and counts per cell, to store (a datacenter's part) and `restore` later. */
  toJSON(): { sums: number[]; counts: number[] } {
    return { sums: Array.from(this.sums), counts: Array.from(this.counts) };
  }

  /** An accumulator holding the sums and counts `toJSON` gave. */
  static restore(saved: {
    readonly sums: readonly number[];
    readonly counts: readonly number[];
  }): ProfileAccumulator {
    const acc = new ProfileAccumulator();
    acc.sums.set(saved.sums.slice(0, HOURS_PER_WEEK));
    acc.counts.set(saved.counts.slice(0, HOURS_PER_WEEK));
    return acc;
  }

  /** Means rounded to 0.01 (enough for a heatmap, a third of the JSON); null for empty cells. */
  means(): (number | null)[] {
    return Array.from(this.sums, (sum, i) => {
      const n = this.counts[i] as number;
      return n > 0 ? Math.round((sum / n) * 100) / 100 : null;
    });
  }
}
