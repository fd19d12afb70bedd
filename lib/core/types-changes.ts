/** Stage 4, what changed since the previous period's report: inventory events and figure deltas. */

/** What happened to one component between the two reports. */
export type ChangeEventKind =
  | 'added'
  | 'removed'
  | 'vcpu'
  | 'memory'
  | 'powerState'
  | 'snapshots'
  | 'maintenance';

export interface ChangeEvent {
  readonly kind: ChangeEventKind;
  readonly componentKind: 'host' | 'vm' | 'filer';
  readonly key: string;
  readonly displayName: string;
  readonly datacenterTag: string;
  /** The value in the previous report (vCPU count, memory MB, power state...); null for added or when unknown. */
  readonly before: string | number | boolean | null;
  /** The value now; null for removed or when unknown. */
  readonly after: string | number | boolean | null;
}

/** A figure of one component (or datacenter), this period and the one before. */
export interface FigureDelta {
  readonly componentKind: 'host' | 'vm' | 'filer' | 'datacenter';
  readonly key: string;
  readonly displayName: string;
  readonly datacenterTag: string;
  /** `cpuP95Pct`, `memP95Pct`, `readyP95Pct`, `usedPct`, or a key figure's name (`vms`, `vcpuTotal`...). */
  readonly figure: string;
  readonly previous: number | null;
  readonly current: number | null;
  /** current − previous, or null when either is unknown. */
  readonly delta: number | null;
}

/** Everything that changed since the previous report (empty lists when there is none to compare with). */
export interface Changes {
  readonly previousLabel: string;
  /** True when the previous report was read and compared. */
  readonly found: boolean;
  /** Inventory events, by datacenter, kind and component name. */
  readonly events: readonly ChangeEvent[];
  /** Datacenter totals this period and the one before (VMs, vCPU, memory, storage used, host CPU mean). */
  readonly keyFigures: readonly FigureDelta[];
  /** p95 figures of hosts, datastores and the top VMs, this period and the one before. */
  readonly figures: readonly FigureDelta[];
}
