/**
 * Rightsizing rules for powered-on VMs: idle, oversized (low p95 CPU and memory, no contention),
 * undersized (high p95, or busy and waiting for CPU). A VM with CPU contention is never
 * recommended to shrink: its low usage may be the contention itself.
 */
import type { MetricName } from '../core/catalogue.ts';
import { type ComponentReport, DERIVED, type Message } from '../core/types.ts';
import type { FindingsConfig } from './config.ts';
import {
  type ComponentRule,
  coverageOf,
  type Draft,
  f1,
  isPoweredOn,
  msg,
  numberDetail,
  round,
} from './draft.ts';

const CPU = 'vscope.vm.cpu.usage.perc';
const MEM = 'vscope.vm.mem.usage.perc';
/** A shrunk VM should peak around this share of its vCPUs. */
const TARGET_CPU_P95_PCT = 60;

function p95(vm: ComponentReport, metric: MetricName): number | null {
  return vm.metrics[metric]?.p95 ?? null;
}

function sumOrNull(...values: (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b as number), 0);
}

interface Idleness {
  readonly cpu: number | null;
  readonly diskRead: number | null;
  readonly diskWrite: number | null;
  readonly network: number | null;
  readonly idle: boolean;
}

function idleness(vm: ComponentReport, config: FindingsConfig): Idleness {
  const rule = config.idle;
  const cpu = p95(vm, CPU);
  const diskRead = p95(vm, 'vscope.vm.disk.io.read');
  const diskWrite = p95(vm, 'vscope.vm.disk.io.write');
  const network = sumOrNull(p95(vm, 'vscope.vm.net.rx'), p95(vm, 'vscope.vm.net.tx'));
  const idle =
    cpu !== null &&
    diskRead !== null &&
    diskWrite !== null &&
    network !== null &&
    cpu < rule.cpuP95BelowPct &&
    diskRead < rule.diskIopsP95Below &&
    diskWrite < rule.diskIopsP95Below &&
    network < rule.networkP95Below;
  return { cpu, diskRead, diskWrite, network, idle };
}

function sizeOf(vm: ComponentReport): string {
  const cpuNum = numberDetail(vm, 'cpuNum');
  const memMb = numberDetail(vm, 'memoryMaxMb');
  return `${cpuNum ?? '?'} vCPU, ${memMb === null ? '?' : f1(memMb / 1024)} GB`;
}

/** The VM's configured size as a message (one-element list, the form message parameters take). */
function sizeMessage(vm: ComponentReport): Message[] {
  const memMb = numberDetail(vm, 'memoryMaxMb');
  return [
    msg('finding.common.size', {
      cpuNum: numberDetail(vm, 'cpuNum'),
      memoryGb: memMb === null ? null : memMb / 1024,
    }),
  ];
}

/** Near-zero CPU, disk and network all period. */
export const vmIdle: ComponentRule = {
  id: 'vm-idle',
  kinds: ['vm'],
  enabled: (config) => config.idle.enabled,
  evaluate({ component: vm, config }): Draft | null {
    if (!isPoweredOn(vm)) return null;
    const i = idleness(vm, config);
    if (!i.idle) return null;
    return {
      severity: 'info',
      title: 'Idle VM',
      summary:
        `CPU p95 ${f1(i.cpu)} %, disk p95 ${f1(i.diskRead)} read / ${f1(i.diskWrite)} write IOPS, ` +
        `network p95 ${f1(i.network)} (in + out, vScope unit) all period.`,
      figures: {
        cpuP95Pct: round(i.cpu),
        diskReadIopsP95: round(i.diskRead),
        diskWriteIopsP95: round(i.diskWrite),
        networkP95: round(i.network),
      },
      coveragePct: coverageOf(
        vm.metrics[CPU],
        vm.metrics['vscope.vm.disk.io.read'],
        vm.metrics['vscope.vm.disk.io.write'],
        vm.metrics['vscope.vm.net.rx'],
        vm.metrics['vscope.vm.net.tx'],
      ),
      recommendation: `Confirm with its owner, then power it off and delete it (after a backup): it holds ${sizeOf(vm)}.`,
      messages: {
        title: msg('finding.vmIdle.title'),
        summary: [
          msg('finding.vmIdle.summary', {
            cpu: i.cpu,
            read: i.diskRead,
            write: i.diskWrite,
            network: i.network,
          }),
        ],
        recommendation: [msg('finding.vmIdle.recommendation', { size: sizeMessage(vm) })],
      },
    };
  },
};

/** True when CPU ready shows contention (or cannot be measured, which is no proof of calm). */
function contended(vm: ComponentReport, config: FindingsConfig): boolean {
  const ready = vm.derived[DERIVED.cpuReadyPct]?.p95 ?? null;
  return ready === null || ready >= config.cpuContention.warnPct;
}

/** Low p95 CPU and memory, no contention, more than the minimum vCPUs. */
export const vmOversized: ComponentRule = {
  id: 'vm-oversized',
  kinds: ['vm'],
  enabled: (config) => config.oversized.enabled,
  evaluate({ component: vm, config }): Draft | null {
    const rule = config.oversized;
    const cpu = p95(vm, CPU);
    const mem = p95(vm, MEM);
    const cpuNum = numberDetail(vm, 'cpuNum');
    if (!isPoweredOn(vm) || cpu === null || mem === null || cpuNum === null) return null;
    if (cpu >= rule.cpuP95BelowPct || mem >= rule.memP95BelowPct || cpuNum < rule.minVcpu) return null;
    if (contended(vm, config) || idleness(vm, config).idle) return null;
    const target = Math.max(1, Math.ceil((cpuNum * cpu) / TARGET_CPU_P95_PCT));
    const ready = vm.derived[DERIVED.cpuReadyPct]?.p95 ?? null;
    return {
      severity: 'info',
      title: 'Oversized VM',
      summary: `CPU p95 ${f1(cpu)} %, memory p95 ${f1(mem)} %, CPU ready p95 ${f1(ready)} % per vCPU, on ${sizeOf(vm)}.`,
      figures: {
        cpuP95Pct: round(cpu),
        memP95Pct: round(mem),
        readyP95Pct: round(ready),
        cpuNum,
        suggestedVcpu: target,
      },
      coveragePct: coverageOf(vm.metrics[CPU], vm.metrics[MEM]),
      recommendation:
        `Could run on fewer resources: ${target} vCPU would peak near ${TARGET_CPU_P95_PCT} %` +
        `${target < cpuNum ? '' : ' (the vCPU count is already minimal)'}; review its memory too. Check the month's peaks first.`,
      messages: {
        title: msg('finding.vmOversized.title'),
        summary: [msg('finding.vmOversized.summary', { cpu, mem, ready, size: sizeMessage(vm) })],
        recommendation: [
          msg(
            target < cpuNum
              ? 'finding.vmOversized.recommendation'
              : 'finding.vmOversized.recommendationMinimal',
            { target, targetPct: TARGET_CPU_P95_PCT },
          ),
        ],
      },
    };
  },
};

/** High p95 short of saturation, or busy and waiting for CPU. */
export const vmUndersized: ComponentRule = {
  id: 'vm-undersized',
  kinds: ['vm'],
  enabled: (config) => config.undersized.enabled,
  evaluate({ component: vm, config }): Draft | null {
    if (!isPoweredOn(vm)) return null;
    const rule = config.undersized;
    const cpu = p95(vm, CPU);
    const mem = p95(vm, MEM);
    const ready = vm.derived[DERIVED.cpuReadyPct]?.p95 ?? null;
    // Saturation, when its rule is on, already says "add"; this rule covers the step below it.
    const cpuSaturated = config.cpuSaturation.enabled && cpu !== null && cpu >= config.cpuSaturation.warnPct;
    const memSaturated =
      config.memorySaturation.enabled && mem !== null && mem >= config.memorySaturation.warnPct;
    const reasons: string[] = [];
    const reasonMessages: Message[] = [];
    if (cpu !== null && cpu >= rule.cpuP95AbovePct && !cpuSaturated) {
      reasons.push(`CPU p95 ${f1(cpu)} %`);
      reasonMessages.push(msg('finding.vmUndersized.cpu', { value: cpu }));
    }
    if (mem !== null && mem >= rule.memP95AbovePct && !memSaturated) {
      reasons.push(`memory p95 ${f1(mem)} %`);
      reasonMessages.push(msg('finding.vmUndersized.memory', { value: mem }));
    }
    const busyAndWaiting =
      ready !== null &&
      ready >= config.cpuContention.warnPct &&
      cpu !== null &&
      cpu >= rule.busyCpuP95WithReadyPct;
    if (busyAndWaiting && !cpuSaturated) {
      reasons.push(`CPU ready p95 ${f1(ready)} % per vCPU while CPU p95 is ${f1(cpu)} %`);
      reasonMessages.push(msg('finding.vmUndersized.busy', { ready, cpu }));
    }
    if (reasons.length === 0) return null;
    return {
      severity: 'warning',
      title: 'Undersized VM',
      summary: `${reasons.join('; ')}, on ${sizeOf(vm)}.`,
      figures: { cpuP95Pct: round(cpu), memP95Pct: round(mem), readyP95Pct: round(ready) },
      coveragePct: coverageOf(vm.metrics[CPU], vm.metrics[MEM]),
      recommendation: busyAndWaiting
        ? 'Busy and waiting for CPU: move it to a less loaded host first, then add a vCPU if its usage stays high. Never shrink it.'
        : 'Give it more of what runs short (vCPU or memory) before it saturates.',
      messages: {
        title: msg('finding.vmUndersized.title'),
        summary: [msg('finding.vmUndersized.summary', { reasons: reasonMessages, size: sizeMessage(vm) })],
        recommendation: [
          msg(
            busyAndWaiting
              ? 'finding.vmUndersized.recommendationBusy'
              : 'finding.vmUndersized.recommendation',
          ),
        ],
      },
    };
  },
};
