/**
 * VMware arithmetic on vScope figures: CPU ready milliseconds to % of one vCPU, datastore space
 * to % of its size, thin-provisioning over-commit, and per-NIC host traffic summed per host.
 */

/** 1 GB = 1024² kB, as vSphere counts datastore space. */
export const KB_PER_GB = 1024 * 1024;

/**
 * CPU ready of one sample → % of one vCPU's time: ready_ms / (interval_s × 1000) × 100 / cpuNum.
 * Ready is summed over the sample interval and every vCPU, hence both divisions.
 */
export function cpuReadyPercent(readyMs: number, intervalSeconds: number, cpuNum: number): number {
  return ((readyMs / (intervalSeconds * 1000)) * 100) / cpuNum;
}

/** Datastore used kB → % of the filer's size in GB. */
export function usedPercent(usedKb: number, sizeGb: number): number {
  return (usedKb / (sizeGb * KB_PER_GB)) * 100;
}

/** Provisioned / size: above 1, the thin disks could grow beyond the datastore. Null when unknown. */
export function overcommitRatio(provisionedGb: number | null, sizeGb: number | null): number | null {
  return provisionedGb !== null && sizeGb !== null && sizeGb > 0 ? provisionedGb / sizeGb : null;
}

/** `values` mapped through `f` into a new typed array. */
export function mapValues(values: ArrayLike<number>, f: (v: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i] as number);
  return out;
}

export interface Points {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/**
 * The sum of a host's NIC series at each timestamp every NIC reported. The queries share one
 * downsampling grid, so NIC timestamps coincide; a timestamp some NIC lacks would give an
 * undercount, so it is left out (a gap) rather than summed short.
 */
export function sumAligned(nics: readonly Points[]): Points {
  if (nics.length === 1) return nics[0] as Points;
  const sums = new Map<number, { sum: number; count: number }>();
  for (const nic of nics) {
    for (let i = 0; i < nic.timestamps.length; i++) {
      const v = nic.values[i] as number;
      if (!Number.isFinite(v)) continue;
      const t = nic.timestamps[i] as number;
      const entry = sums.get(t);
      if (entry) {
        entry.sum += v;
        entry.count++;
      } else sums.set(t, { sum: v, count: 1 });
    }
  }
  const complete = [...sums].filter(([, e]) => e.count === nics.length).sort((a, b) => a[0] - b[0]);
  return {
    timestamps: Float64Array.from(complete, ([t]) => t),
    values: Float64Array.from(complete, ([, e]) => e.sum),
  };
}
