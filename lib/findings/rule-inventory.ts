/**
 * Rules on the inventory's live properties: powered-off VMs, snapshot sprawl, hosts in maintenance.
 */
import { type ComponentRule, type Draft, f1, msg, numberDetail } from './draft.ts';

/** A VM the inventory lists as powered off. */
export const vmPoweredOff: ComponentRule = {
  id: 'vm-powered-off',
  kinds: ['vm'],
  enabled: (config) => config.poweredOff.enabled,
  evaluate({ component: vm }): Draft | null {
    if (vm.details.powerState !== 'poweredOff') return null;
    const cpuNum = numberDetail(vm, 'cpuNum');
    const memMb = numberDetail(vm, 'memoryMaxMb');
    return {
      severity: 'info',
      title: 'Powered-off VM',
      summary: `Powered off (${cpuNum ?? '?'} vCPU, ${memMb === null ? '?' : f1(memMb / 1024)} GB configured); no samples expected.`,
      figures: { cpuNum, memoryMaxMb: memMb, snapshotNum: numberDetail(vm, 'snapshotNum') },
      coveragePct: null,
      recommendation:
        'Delete it if nobody needs it, or turn it into a template: its disks still take datastore space.',
      messages: {
        title: msg('finding.vmPoweredOff.title'),
        summary: [
          msg('finding.vmPoweredOff.summary', { cpuNum, memoryGb: memMb === null ? null : memMb / 1024 }),
        ],
        recommendation: [msg('finding.vmPoweredOff.recommendation')],
      },
    };
  },
};

/** More snapshots on a VM than the configured limit. */
export const snapshotSprawl: ComponentRule = {
  id: 'snapshot-sprawl',
  kinds: ['vm'],
  enabled: (config) => config.snapshots.enabled,
  evaluate({ component: vm, config }): Draft | null {
    const count = numberDetail(vm, 'snapshotNum');
    if (count === null || count <= config.snapshots.maxPerVm) return null;
    return {
      severity: 'warning',
      title: 'Snapshot sprawl',
      summary: `${count} snapshots (more than ${config.snapshots.maxPerVm}).`,
      figures: { snapshotNum: count, maxPerVm: config.snapshots.maxPerVm },
      coveragePct: null,
      recommendation:
        'Consolidate or delete old snapshots: each one grows with every write and slows the disk; a snapshot is not a backup.',
      messages: {
        title: msg('finding.snapshotSprawl.title'),
        summary: [msg('finding.snapshotSprawl.summary', { count, max: config.snapshots.maxPerVm })],
        recommendation: [msg('finding.snapshotSprawl.recommendation')],
      },
    };
  },
};

/** A host in maintenance mode at inventory time. */
export const hostMaintenance: ComponentRule = {
  id: 'host-maintenance',
  kinds: ['host'],
  enabled: (config) => config.hostMaintenance.enabled,
  evaluate({ component: host, dc }): Draft | null {
    if (host.details.inMaintenance !== true) return null;
    const vms = dc.hostRollups.find((h) => h.host === host.displayName)?.vmCount ?? 0;
    return {
      severity: 'info',
      title: 'Host in maintenance',
      summary: `In maintenance mode at inventory time, with ${vms} VM(s) registered on it.`,
      figures: { vmCount: vms },
      coveragePct: null,
      recommendation:
        'Take it out of maintenance when the work is done: until then the cluster runs one host short.',
      messages: {
        title: msg('finding.hostMaintenance.title'),
        summary: [msg('finding.hostMaintenance.summary', { count: vms })],
        recommendation: [msg('finding.hostMaintenance.recommendation')],
      },
    };
  },
};
