/**
 * Fleet-wide host CPU: the mean of every host CPU sample, so a host that reported half the time
 * weighs half as much as one that reported throughout (not a mean of the hosts' means).
 */
import type { ComponentReport } from '../core/types.ts';

const HOST_CPU = 'vscope.host.cpu.usage.perc';

/** Mean of every CPU sample of `hosts`, each host weighted by its sample count; null without samples. */
export function hostCpuMean(hosts: readonly ComponentReport[]): number | null {
  let weighted = 0;
  let samples = 0;
  for (const host of hosts) {
    const stats = host.metrics[HOST_CPU];
    if (stats?.mean === null || stats?.mean === undefined || stats.samples === 0) continue;
    weighted += stats.mean * stats.samples;
    samples += stats.samples;
  }
  return samples > 0 ? weighted / samples : null;
}
