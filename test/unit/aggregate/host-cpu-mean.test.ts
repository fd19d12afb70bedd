import { describe, expect, it } from 'vitest';
import { hostCpuMean } from '../../../lib/aggregate/host-cpu-mean.ts';
import { component, stats } from '../findings/helpers.ts';

const host = (key: string, mean: number | null, samples: number) =>
  component('host', key, {
    metrics: { 'vscope.host.cpu.usage.perc': stats(mean, mean === null ? {} : { samples }) },
  });

describe('hostCpuMean', () => {
  it('weighs each host by its samples, not as a mean of means', () => {
    expect(hostCpuMean([host('a', 10, 3000), host('b', 70, 1000)])).toBe(25);
  });

  it('leaves out hosts without samples or without a CPU series', () => {
    expect(hostCpuMean([host('a', 40, 2016), host('b', null, 0), component('host', 'c', {})])).toBe(40);
    expect(hostCpuMean([host('a', 40, 0)])).toBeNull();
  });

  it('is null for no hosts', () => {
    expect(hostCpuMean([])).toBeNull();
  });
});
