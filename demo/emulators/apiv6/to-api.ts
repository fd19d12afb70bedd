/**
 * Our Inventory records as APIv6 `/dedicatedCloud` objects, field names and shapes as in the
 * published schema (reference/apiv6-dedicatedCloud.schema-excerpt.json). Properties the
 * Inventory does not carry are given fixed, plausible values when the schema says they cannot
 * be null, and null otherwise, so a client never reads invented live figures (cpuReadyPercent,
 * memoryUsed...) as real ones.
 */
import type {
  DatacenterInventory,
  FilerInfo,
  HostInfo,
  Inventory,
  PowerState,
  VmInfo,
} from '../../../lib/core/types.ts';

export interface UnitAndValue<T> {
  readonly unit: string;
  readonly value: T;
}

/** `dedicatedCloud.dedicatedCloudWithIAM`, what `GET /dedicatedCloud/{serviceName}` returns. */
export interface ApiDedicatedCloud {
  readonly advancedSecurity: boolean;
  readonly bandwidth: string;
  readonly billingType: 'demo' | 'monthly';
  readonly canMigrateToVCD: boolean;
  readonly certifiedInterfaceUrl: string;
  readonly commercialRange: string;
  readonly description: string;
  readonly generation: '1.0' | '2.0';
  readonly iam: {
    readonly displayName: string | null;
    readonly id: string;
    readonly tags: Readonly<Record<string, string>> | null;
    readonly urn: string;
  } | null;
  readonly location: string;
  readonly managementInterface: 'vsphere';
  readonly productReference: 'EPCC' | 'MBM';
  readonly serviceName: string;
  readonly servicePackName: string | null;
  readonly spla: boolean;
  readonly sslV3: boolean | null;
  readonly state: string;
  readonly userAccessPolicy: 'filtered' | 'open';
  readonly userLimitConcurrentSession: number;
  readonly userLogoutPolicy: 'first' | 'last';
  readonly userSessionTimeout: number;
  readonly vScopeUrl: string;
  readonly version: { readonly build: string; readonly major: string; readonly minor: string };
  readonly webInterfaceUrl: string;
}

/** `dedicatedCloud.Datacenter`. */
export interface ApiDatacenter {
  readonly commercialName: string;
  readonly commercialRangeName: string;
  readonly datacenterId: number;
  readonly description: string;
  readonly horizonViewName: string | null;
  readonly isRemovable: boolean;
  readonly name: string;
  readonly version: string;
}

/** `dedicatedCloud.Host`. `cpu` and `ram` are null only when the Inventory does not know them. */
export interface ApiHost {
  readonly billingType: 'freeSpare' | 'hourly' | 'monthly' | 'undefined';
  readonly clusterName: string | null;
  readonly connectionState: 'connected' | 'disconnected' | 'notResponding' | null;
  readonly cpu: UnitAndValue<number> | null;
  readonly cpuMax: number | null;
  readonly cpuMaxCore: number | null;
  readonly cpuNum: number | null;
  readonly cpuUsed: number | null;
  readonly hostId: number;
  readonly inMaintenance: boolean | null;
  readonly memoryUsed: number | null;
  readonly name: string;
  readonly parentHostId: number | null;
  readonly profile: string;
  readonly profileCode: string;
  readonly rack: string;
  readonly ram: UnitAndValue<number> | null;
  readonly resourceName: string | null;
  readonly state: 'adding' | 'delivered' | 'error' | 'removing' | 'unknown';
  readonly uptime: number | null;
  readonly vmTotal: number | null;
  readonly vmVcpuTotal: number | null;
}

/** `dedicatedCloud.Vm`; `memoryMax` in MB. `powerState` is null only when the Inventory does not know it. */
export interface ApiVm {
  readonly backup: null;
  readonly cdroms: null;
  readonly clusterName: string | null;
  readonly cpuMax: number | null;
  readonly cpuNum: number | null;
  readonly cpuReady: number | null;
  readonly cpuReadyPercent: number | null;
  readonly cpuUsed: number | null;
  readonly filers:
    | readonly { readonly committed: number; readonly disks: readonly []; readonly name: string }[]
    | null;
  readonly folderName: string | null;
  readonly guestOsFamily: string | null;
  readonly hostName: string | null;
  readonly license: string | null;
  readonly memoryMax: number | null;
  readonly memoryTps: string | null;
  readonly memoryUsed: number | null;
  readonly moRef: string;
  readonly name: string | null;
  readonly netPacketRx: number | null;
  readonly netPacketTx: number | null;
  readonly netRx: number | null;
  readonly netTx: number | null;
  readonly networks: null;
  readonly powerState: PowerState | null;
  readonly readLatency: number | null;
  readonly readPerSecond: number | null;
  readonly readRate: number | null;
  readonly roleFt: string | null;
  readonly snapshotNum: number | null;
  readonly stateFt: string | null;
  readonly vmId: number;
  readonly vmwareTools: string | null;
  readonly vmwareToolsVersion: string | null;
  readonly writeLatency: number | null;
  readonly writePerSecond: number | null;
  readonly writeRate: number | null;
}

/** `dedicatedCloud.Filer`; sizes and spaces in GB. `size` is null only when the Inventory does not know it. */
export interface ApiFiler {
  readonly activeNode: 'master' | 'slave' | null;
  readonly billingType: 'freeSpare' | 'hourly' | 'monthly' | 'undefined' | null;
  readonly connectionState: 'offline' | 'online' | null;
  readonly filerId: number;
  readonly fullProfile: string;
  readonly isManagedByOvh: boolean;
  readonly master: string;
  readonly name: string;
  readonly profile: string;
  readonly resourceName: string | null;
  readonly size: UnitAndValue<number> | null;
  readonly slave: string | null;
  readonly spaceFree: number | null;
  readonly spaceProvisionned: number | null;
  readonly spaceUsed: number | null;
  readonly state: 'adding' | 'delivered' | 'error' | 'removing' | 'unknown';
  readonly vmTotal: number | null;
}

/** `dedicatedCloud.User`. */
export interface ApiUser {
  readonly activationState: 'enabled' | null;
  readonly activeDirectoryId: number | null;
  readonly activeDirectoryType: 'group' | 'user' | null;
  readonly canManageIpFailOvers: boolean;
  readonly canManageNetwork: boolean;
  readonly canManageRights: boolean;
  readonly email: string | null;
  readonly encryptionRight: boolean;
  readonly firstName: string | null;
  readonly fullAdminRo: boolean;
  readonly identityProviderId: number | null;
  readonly identityProviderType: 'federation' | 'iam' | null;
  readonly isEnableManageable: boolean;
  readonly isTokenValidator: boolean;
  readonly lastName: string | null;
  readonly login: string;
  readonly name: string;
  readonly nsxRight: boolean;
  readonly phoneNumber: string | null;
  readonly receiveAlerts: boolean;
  readonly state: 'creating' | 'deleting' | 'delivered' | 'error';
  readonly type: 'group' | 'user' | null;
  readonly userId: number;
}

/** `dedicatedCloud.metricsToken` (in the schema until 2023). */
export interface ApiMetricsToken {
  readonly opentsdbEndpoint: string;
  readonly token: string;
  readonly warpEndpoint: string;
}

/** A new PCC has one vSphere cluster per datacenter, named so by default. */
export const DEFAULT_CLUSTER_NAME = 'Cluster1';

/** Properties of a service the Inventory does not carry. */
export interface ServiceExtras {
  readonly description?: string;
  readonly location?: string;
}

/** `GET /dedicatedCloud/{serviceName}`. */
export function toDedicatedCloud(inventory: Inventory, extras: ServiceExtras = {}): ApiDedicatedCloud {
  const sn = inventory.serviceName;
  const site = `https://${sn}.ovh.com`;
  return {
    advancedSecurity: false,
    bandwidth: '10 Gbps',
    billingType: 'monthly',
    canMigrateToVCD: false,
    certifiedInterfaceUrl: `${site}/ui`,
    commercialRange: '2016',
    description: extras.description ?? sn,
    generation: '2.0',
    iam: {
      displayName: null,
      id: deterministicUuid(sn),
      tags: null,
      urn: `urn:v1:eu:resource:dedicatedCloud:${sn}`,
    },
    location: extras.location ?? 'rbx2a',
    managementInterface: 'vsphere',
    productReference: 'EPCC',
    serviceName: sn,
    servicePackName: 'default',
    spla: false,
    sslV3: false,
    state: 'delivered',
    userAccessPolicy: 'open',
    userLimitConcurrentSession: 50,
    userLogoutPolicy: 'first',
    userSessionTimeout: 0,
    vScopeUrl: `${site}/vScope`,
    version: { build: '21958406', major: '7.0', minor: '3' },
    webInterfaceUrl: `${site}/ui`,
  };
}

/** `GET .../datacenter/{datacenterId}`. */
export function toDatacenter(dc: DatacenterInventory): ApiDatacenter {
  return {
    commercialName: 'SDDC',
    commercialRangeName: 'SDDC',
    datacenterId: dc.datacenterId,
    description: dc.name,
    horizonViewName: null,
    isRemovable: false,
    name: dc.name,
    version: '7.0',
  };
}

function hostSize(ramGb: number | null): string {
  if (ramGb === null) return 'M';
  if (ramGb <= 192) return 'M';
  if (ramGb <= 384) return 'L';
  if (ramGb <= 768) return 'XL';
  return 'XXL';
}

/** `GET .../host/{hostId}`; vmTotal and vmVcpuTotal count the VMs of `dc` placed on it. */
export function toHost(host: HostInfo, dc: DatacenterInventory): ApiHost {
  const vms = dc.vms.filter((vm) => vm.hostName === host.name);
  const size = hostSize(host.ramGb);
  return {
    billingType: 'monthly',
    clusterName: DEFAULT_CLUSTER_NAME,
    connectionState: 'connected',
    cpu: host.cpuMhz === null ? null : { unit: 'MHz', value: host.cpuMhz },
    cpuMax: null,
    cpuMaxCore: null,
    cpuNum: host.cpuCores,
    cpuUsed: null,
    hostId: host.hostId,
    inMaintenance: host.inMaintenance,
    memoryUsed: null,
    name: host.name,
    parentHostId: null,
    profile: `${size} 2020v1`,
    profileCode: `pcc-host-${size.toLowerCase()}-2020v1`,
    rack: 'A1',
    ram: host.ramGb === null ? null : { unit: 'GB', value: host.ramGb },
    resourceName: null,
    state: 'delivered',
    uptime: null,
    vmTotal: vms.length,
    vmVcpuTotal: vms.reduce((sum, vm) => sum + (vm.cpuNum ?? 0), 0),
  };
}

/** `GET .../vm/{vmId}`; live figures (cpuReadyPercent, latencies...) are null: the series carry them. */
export function toVm(vm: VmInfo): ApiVm {
  return {
    backup: null,
    cdroms: null,
    clusterName: vm.hostName === null ? null : DEFAULT_CLUSTER_NAME,
    cpuMax: null,
    cpuNum: vm.cpuNum,
    cpuReady: null,
    cpuReadyPercent: null,
    cpuUsed: null,
    // The demo does not model disk sizes: each datastore is listed with nothing committed.
    filers: vm.datastores ? vm.datastores.map((name) => ({ committed: 0, disks: [], name })) : null,
    folderName: null,
    guestOsFamily: null,
    hostName: vm.hostName,
    license: null,
    memoryMax: vm.memoryMaxMb,
    memoryTps: null,
    memoryUsed: null,
    moRef: vm.moRef,
    name: vm.name,
    netPacketRx: null,
    netPacketTx: null,
    netRx: null,
    netTx: null,
    networks: null,
    powerState: vm.powerState,
    readLatency: null,
    readPerSecond: null,
    readRate: null,
    roleFt: null,
    snapshotNum: vm.snapshotNum,
    stateFt: null,
    vmId: vm.vmId,
    vmwareTools: null,
    vmwareToolsVersion: null,
    writeLatency: null,
    writePerSecond: null,
    writeRate: null,
  };
}

/** `GET .../filer/{filerId}`. */
export function toFiler(filer: FilerInfo): ApiFiler {
  const profile = filer.sizeGb === null ? 'unknown' : `${Math.round(filer.sizeGb / 1024)}t`;
  return {
    activeNode: 'master',
    billingType: 'monthly',
    connectionState: 'online',
    filerId: filer.filerId,
    fullProfile: `${profile}-nfs`,
    isManagedByOvh: true,
    master: `${filer.name}-a`,
    name: filer.name,
    profile,
    resourceName: null,
    size: filer.sizeGb === null ? null : { unit: 'GB', value: filer.sizeGb },
    slave: null,
    spaceFree: filer.spaceFreeGb,
    spaceProvisionned: filer.spaceProvisionedGb,
    spaceUsed: filer.spaceUsedGb,
    state: 'delivered',
    vmTotal: null,
  };
}

/** `GET /dedicatedCloud/{serviceName}/user/{userId}`; the first user of a service is its admin. */
export function toUser(userId: number, index: number): ApiUser {
  const login = index === 0 ? 'admin' : `user${index}`;
  return {
    activationState: 'enabled',
    activeDirectoryId: null,
    activeDirectoryType: null,
    canManageIpFailOvers: index === 0,
    canManageNetwork: index === 0,
    canManageRights: index === 0,
    email: null,
    encryptionRight: false,
    firstName: null,
    fullAdminRo: false,
    identityProviderId: null,
    identityProviderType: null,
    isEnableManageable: true,
    isTokenValidator: index === 0,
    lastName: null,
    login,
    name: login,
    nsxRight: false,
    phoneNumber: null,
    receiveAlerts: index === 0,
    state: 'delivered',
    type: 'user',
    userId,
  };
}

/** A stable UUID-shaped id derived from a name, so two runs serve the same `iam.id`. */
function deterministicUuid(name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
