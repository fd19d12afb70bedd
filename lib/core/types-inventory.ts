/** Stage 1, discover: what exists, from APIv6 (or the demo). */

export type PowerState = 'poweredOn' | 'poweredOff' | 'suspended' | 'deleted';

export interface HostInfo {
  readonly hostId: number;
  /** The host's name in APIv6, an IP address. */
  readonly name: string;
  /** Value of the OpenTSDB `host` tag (by default the name). */
  readonly tag: string;
  readonly cpuMhz: number | null;
  /** Physical CPU cores (APIv6 `cpuNum`), for vCPUs per core. */
  readonly cpuCores: number | null;
  readonly ramGb: number | null;
  readonly inMaintenance: boolean | null;
}

export interface VmInfo {
  readonly vmId: number;
  /** vCenter managed object reference, e.g. `vm-01254`. */
  readonly moRef: string;
  readonly name: string;
  /** Value of the OpenTSDB `vm` tag (by default the moRef). */
  readonly tag: string;
  readonly powerState: PowerState | null;
  readonly cpuNum: number | null;
  readonly memoryMaxMb: number | null;
  readonly snapshotNum: number | null;
  /** Name of the host the VM runs on (HostInfo.name), when known. */
  readonly hostName: string | null;
  /** Names of the datastores holding its disks (APIv6 `filers[].name`), when APIv6 lists them. */
  readonly datastores?: readonly string[];
}

export interface FilerInfo {
  readonly filerId: number;
  /** Datastore name. */
  readonly name: string;
  /** Value of the OpenTSDB `datastore` tag (by default the name). */
  readonly tag: string;
  readonly sizeGb: number | null;
  readonly spaceUsedGb: number | null;
  readonly spaceFreeGb: number | null;
  readonly spaceProvisionedGb: number | null;
}

export interface DatacenterInventory {
  readonly datacenterId: number;
  readonly name: string;
  /** Value of the OpenTSDB `datacenter` tag, by default `<serviceName>_datacenter<id>`. */
  readonly tag: string;
  readonly hosts: readonly HostInfo[];
  readonly vms: readonly VmInfo[];
  readonly filers: readonly FilerInfo[];
}

/** Stage 1 output: what exists, from APIv6 (or the demo). */
export interface Inventory {
  readonly serviceName: string;
  readonly datacenters: readonly DatacenterInventory[];
}
