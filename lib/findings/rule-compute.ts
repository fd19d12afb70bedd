/**
 * CPU and memory rules: contention (CPU ready per vCPU) and saturation at p95, on hosts and VMs.
 */
import { DERIVED, type HostRollup } from '../core/types.ts';
import {
  type ComponentRule,
  coverageOf,
  type Draft,
  f1,
  hoursAbove,
  isPoweredOn,
  level,
  msg,
  numberDetail,
  type RuleInput,
  round,
  statisticOf,
} from './draft.ts';

function hostOf(input: RuleInput): HostRollup | undefined {
  const host = input.component.details.hostName;
  return input.dc.hostRollups.find((h) => h.host === host);
}

/** CPU ready per vCPU at the configured statistic: warning from 5 %, critical from 10 %. */
export const cpuContention: ComponentRule = {
  id: 'cpu-contention',
  kinds: ['vm'],
  enabled: (config) => config.cpuContention.enabled,
  evaluate(input): Draft | null {
    const { component: vm, config } = input;
    const rule = config.cpuContention;
    const ready = vm.derived[DERIVED.cpuReadyPct];
    const value = statisticOf(ready, rule.statistic);
    if (!isPoweredOn(vm) || value === null) return null;
    const severity = level(value, rule.warnPct, rule.criticalPct);
    if (!severity) return null;
    const host = hostOf(input);
    const cpuNum = numberDetail(vm, 'cpuNum');
    const above = hoursAbove(ready, rule.criticalPct);
    const where = host
      ? `host ${host.host} (${host.vmCount} VMs, ${host.vcpuTotal} vCPU)`
      : 'its host (unknown in the inventory)';
    const figures = {
      statistic: rule.statistic,
      value,
      mean: ready?.mean ?? null,
      max: ready?.max ?? null,
      cpuNum,
      critical: rule.criticalPct,
      hours: above,
    };
    return {
      severity,
      title: 'CPU contention',
      summary:
        `CPU ready ${rule.statistic} ${f1(value)} % per vCPU (mean ${f1(ready?.mean ?? null)} %, max ${f1(ready?.max ?? null)} %) ` +
        `on ${cpuNum ?? '?'} vCPU${above === null ? '' : `; above ${rule.criticalPct} % for ${f1(above)} h`}.`,
      figures: {
        [`ready${rule.statistic.toUpperCase()}Pct`]: round(value),
        readyMeanPct: round(ready?.mean ?? null),
        readyMaxPct: round(ready?.max ?? null),
        cpuNum,
        intervalSeconds: ready?.intervalSeconds ?? null,
        hoursAboveCritical: round(above),
        host: host?.host ?? null,
      },
      coveragePct: coverageOf(ready),
      recommendation:
        `The VM waits for physical CPU. Rebalance ${where} or add host capacity; ` +
        'do not take vCPUs or memory away from this VM while it waits.',
      messages: {
        title: msg('finding.cpuContention.title'),
        summary: [
          msg(
            above === null ? 'finding.cpuContention.summary' : 'finding.cpuContention.summaryAbove',
            figures,
          ),
        ],
        recommendation: [
          msg('finding.cpuContention.recommendation', {
            where: [
              host
                ? msg('finding.cpuContention.whereHost', {
                    host: host.host,
                    vms: host.vmCount,
                    vcpus: host.vcpuTotal,
                  })
                : msg('finding.cpuContention.whereUnknown'),
            ],
          }),
        ],
      },
    };
  },
};

function saturation(id: 'cpu-saturation' | 'memory-saturation'): ComponentRule {
  const what = id === 'cpu-saturation' ? 'CPU' : 'Memory';
  // Whole keys, so a search for a translation key finds where it is used.
  const keys =
    id === 'cpu-saturation'
      ? {
          title: 'finding.cpuSaturation.title',
          summary: 'finding.cpuSaturation.summary',
          summaryAbove: 'finding.cpuSaturation.summaryAbove',
          vm: 'finding.cpuSaturation.vm',
        }
      : {
          title: 'finding.memorySaturation.title',
          summary: 'finding.memorySaturation.summary',
          summaryAbove: 'finding.memorySaturation.summaryAbove',
          vm: 'finding.memorySaturation.vm',
        };
  const metric = (kind: 'host' | 'vm') =>
    id === 'cpu-saturation'
      ? (`vscope.${kind}.cpu.usage.perc` as const)
      : (`vscope.${kind}.mem.usage.perc` as const);
  return {
    id,
    kinds: ['host', 'vm'],
    enabled: (config) => (id === 'cpu-saturation' ? config.cpuSaturation : config.memorySaturation).enabled,
    evaluate({ component: c, config }): Draft | null {
      const rule = id === 'cpu-saturation' ? config.cpuSaturation : config.memorySaturation;
      if (c.kind === 'filer' || (c.kind === 'vm' && !isPoweredOn(c))) return null;
      const stats = c.metrics[metric(c.kind)];
      const value = statisticOf(stats, rule.statistic);
      if (value === null) return null;
      const severity = level(value, rule.warnPct, rule.criticalPct);
      if (!severity) return null;
      const above = hoursAbove(stats, rule.warnPct);
      const advice = c.kind === 'host' ? 'finding.saturation.host' : keys.vm;
      const recommendation =
        c.kind === 'host'
          ? 'Move VMs off this host (vMotion, DRS rules) or add a host to the cluster.'
          : id === 'cpu-saturation'
            ? 'Add a vCPU if the workload needs it, after checking its CPU ready: a busy host looks the same from inside.'
            : 'Add memory to the VM, or find what in the guest holds it.';
      return {
        severity,
        title: `${what} saturation`,
        summary:
          `${what} ${rule.statistic} ${f1(value)} %, max ${f1(stats?.max ?? null)} %` +
          `${above === null ? '' : `; above ${rule.warnPct} % for ${f1(above)} h`}.`,
        figures: {
          [`${rule.statistic}Pct`]: round(value),
          meanPct: round(stats?.mean ?? null),
          maxPct: round(stats?.max ?? null),
          hoursAboveWarn: round(above),
        },
        coveragePct: coverageOf(stats),
        recommendation,
        messages: {
          title: msg(keys.title),
          summary: [
            msg(above === null ? keys.summary : keys.summaryAbove, {
              statistic: rule.statistic,
              value,
              max: stats?.max ?? null,
              warn: rule.warnPct,
              hours: above,
            }),
          ],
          recommendation: [msg(advice)],
        },
      };
    },
  };
}

/** CPU usage p95 of hosts and VMs. */
export const cpuSaturation = saturation('cpu-saturation');
/** Memory usage p95 of hosts and VMs. */
export const memorySaturation = saturation('memory-saturation');
