/** The period and sub-queries the answer reader's tests (examples and fuzz) read answers against. */
import type { Period } from '../../../lib/core/types.ts';
import type { PlannedSubQuery } from '../../../lib/fetch/plan-queries.ts';

/** The day of the guide's example answer. */
export const day: Period = {
  kind: 'custom',
  label: 'x',
  startMs: 1564407950_000,
  endMs: 1564494600_000,
  timeZone: 'UTC',
};

export const hostMem: PlannedSubQuery = {
  metric: 'vscope.host.mem.usage.perc',
  datacenterTag: 'pcc-37-187-228-180_datacenter869',
  componentTag: 'host',
  components: ['172.17.86.51'],
};

export const vmCpu: PlannedSubQuery = {
  metric: 'vscope.vm.cpu.usage.perc',
  datacenterTag: 'dc1',
  componentTag: 'vm',
  components: ['vm-1', 'vm-2'],
};
