/**
 * The rules, as data: each names the component kinds it reads, the configuration switch that
 * turns it on, and its evaluation. Order here is the order findings of equal severity are listed.
 */

import type { ComponentRule } from './draft.ts';
import { cpuContention, cpuSaturation, memorySaturation } from './rule-compute.ts';
import { hostMaintenance, snapshotSprawl, vmPoweredOff } from './rule-inventory.ts';
import { missingData } from './rule-missing-data.ts';
import { vmIdle, vmOversized, vmUndersized } from './rule-rightsizing.ts';
import { datastoreFullness, datastoreRunway, storageLatency } from './rule-storage.ts';

/** Every component rule, in listing order. */
export const COMPONENT_RULES: readonly ComponentRule[] = [
  cpuContention,
  storageLatency,
  datastoreFullness,
  datastoreRunway,
  cpuSaturation,
  memorySaturation,
  vmUndersized,
  missingData,
  snapshotSprawl,
  hostMaintenance,
  vmOversized,
  vmIdle,
  vmPoweredOff,
];

/** The N+1 rule, on whole datacenters (lib/findings/rule-capacity.ts). */
export const HOST_LOSS_RULE = 'host-loss';

/** Rule ids in listing order, with the datacenter rules: N+1 after the datastore forecasts. */
export const RULE_ORDER: readonly string[] = COMPONENT_RULES.flatMap((r) =>
  r.id === datastoreRunway.id ? [r.id, HOST_LOSS_RULE] : [r.id],
);
