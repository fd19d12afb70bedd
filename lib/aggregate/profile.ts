/**
 * Hour-of-week profiles: the mean of a series for each local hour of the week (Monday 00h = cell 0,
 * Sunday 23h = cell 167) in the period's zone, the data behind weekly heatmaps. On the autumn DST
 * night the repeated hour feeds one cell twice; the skipped spring hour has no samples.
 */
import { ExactSum } from './exact-sum.ts';
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

  /** The sums and counts per cell. */
  toJSON(): { sums: number[]; counts: number[] } {
    return { sums: Array.from(this.sums), counts: Array.from(this.counts) };
  }

  /** Means rounded to 0.01 (enough for a heatmap, a third of the JSON); null for empty cells. */
  means(): (number | null)[] {
    return Array.from(this.sums, (sum, i) => {
      const n = this.counts[i] as number;
      return n > 0 ? Math.round((sum / n) * 100) / 100 : null;
    });
  }
}

/** Rounded to 0.01, as the heatmaps show it; null without samples. */
const cellMean = (sum: number, n: number): number | null =>
  n > 0 ? Math.round((sum / n) * 100) / 100 : null;

/**
 * A fleet profile: its components' hour-of-week sums added exactly, so the means depend neither
 * on the order the components are added in nor on how they are grouped (one process, or the
 * parts of several datacenters merged).
 */
export class FleetProfileSum {
  private readonly sums = Array.from({ length: HOURS_PER_WEEK }, () => new ExactSum());
  private readonly counts = new Float64Array(HOURS_PER_WEEK);

  /** Adds one component's profile. */
  add(profile: ProfileAccumulator): void {
    const { sums, counts } = profile.toJSON();
    for (let i = 0; i < HOURS_PER_WEEK; i++) {
      (this.sums[i] as ExactSum).add(sums[i] as number);
      this.counts[i] = (this.counts[i] as number) + (counts[i] as number);
    }
  }

  /** Adds another fleet profile (another datacenter's). */
  merge(other: FleetProfileSum): void {
    for (let i = 0; i < HOURS_PER_WEEK; i++) {
      (this.sums[i] as ExactSum).merge(other.sums[i] as ExactSum);
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    }
  }

  /** Each cell's exact sum as its partials, and its count: JSON-safe, `restore` reads them back. */
  toJSON(): { partials: number[][]; counts: number[] } {
    return { partials: this.sums.map((s) => s.toJSON()), counts: Array.from(this.counts) };
  }

  /** The fleet profile `toJSON` gave. */
  static restore(saved: {
    readonly partials: readonly (readonly number[])[];
    readonly counts: readonly number[];
  }): FleetProfileSum {
    const fleet = new FleetProfileSum();
    for (let i = 0; i < HOURS_PER_WEEK; i++) {
      (fleet.sums[i] as ExactSum).merge(saved.partials[i] ?? []);
      fleet.counts[i] = saved.counts[i] ?? 0;
    }
    return fleet;
  }

  /** Means rounded to 0.01; null for empty cells. */
  means(): (number | null)[] {
    return this.sums.map((sum, i) => cellMean(sum.value(), this.counts[i] as number));
  }
}
