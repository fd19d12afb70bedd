import { describe, expect, it } from 'vitest';
import { demoInventory } from '../../../../demo/datacenter/infrastructure.ts';
import {
  toDatacenter,
  toDedicatedCloud,
  toFiler,
  toHost,
  toUser,
  toVm,
} from '../../../../demo/emulators/apiv6/to-api.ts';
import { modelProblems } from './schema.ts';

const inventory = demoInventory();
const dc = inventory.datacenters[0]!;

describe('APIv6 objects against the published schema', () => {
  it('serves the service as a dedicatedCloud.dedicatedCloudWithIAM', () => {
    const service = toDedicatedCloud(inventory, { description: 'Production', location: 'par1' });
    expect(modelProblems(service, 'dedicatedCloud.dedicatedCloudWithIAM')).toEqual([]);
    expect(service).toMatchObject({
      serviceName: 'pcc-192-0-2-10',
      description: 'Production',
      location: 'par1',
    });
  });

  it('serves every datacenter, host, VM and filer of the demo in its schema shape', () => {
    const problems = [
      ...modelProblems(toDatacenter(dc), 'dedicatedCloud.Datacenter'),
      ...dc.hosts.flatMap((h) => modelProblems(toHost(h, dc), 'dedicatedCloud.Host', h.name)),
      ...dc.vms.flatMap((v) => modelProblems(toVm(v), 'dedicatedCloud.Vm', v.moRef)),
      ...dc.filers.flatMap((f) => modelProblems(toFiler(f), 'dedicatedCloud.Filer', f.name)),
      ...modelProblems(toUser(1001, 0), 'dedicatedCloud.User'),
    ];
    expect(problems).toEqual([]);
  });

  it('detects an object that strays from the schema', () => {
    const vm = toVm(dc.vms[0]!);
    const { moRef: _dropped, ...withoutMoRef } = vm;
    expect(modelProblems(withoutMoRef, 'dedicatedCloud.Vm')).toEqual(['dedicatedCloud.Vm.moRef is missing']);
    expect(modelProblems({ ...vm, powerState: 'on' }, 'dedicatedCloud.Vm')).toEqual([
      'dedicatedCloud.Vm.powerState = on is not a dedicatedCloud.virtualMachinePowerState',
    ]);
    expect(modelProblems({ ...vm, vmId: null, cpuNum: 1.5 }, 'dedicatedCloud.Vm')).toEqual([
      'dedicatedCloud.Vm.cpuNum is not an integer',
      'dedicatedCloud.Vm.vmId is null',
    ]);
  });
});

describe('Inventory to APIv6 values', () => {
  it('carries the host capacity in MHz and GB and counts the VMs placed on it', () => {
    const host = dc.hosts[0]!;
    const onHost = dc.vms.filter((v) => v.hostName === host.name);
    expect(toHost(host, dc)).toMatchObject({
      hostId: host.hostId,
      name: host.name,
      cpu: { unit: 'MHz', value: host.cpuMhz },
      ram: { unit: 'GB', value: host.ramGb },
      cpuNum: 32,
      inMaintenance: false,
      vmTotal: onHost.length,
      vmVcpuTotal: onHost.reduce((s, v) => s + (v.cpuNum ?? 0), 0),
    });
    expect(onHost.length).toBeGreaterThan(0);
  });

  it('carries the VM properties, memoryMax in MB, and leaves live figures null', () => {
    const vm = dc.vms.find((v) => v.name === 'old-template')!;
    expect(toVm(vm)).toMatchObject({
      vmId: vm.vmId,
      moRef: 'vm-01215',
      name: 'old-template',
      powerState: 'poweredOff',
      cpuNum: vm.cpuNum,
      memoryMax: vm.memoryMaxMb,
      snapshotNum: vm.snapshotNum,
      hostName: vm.hostName,
      cpuReadyPercent: null,
      memoryUsed: null,
    });
  });

  it('carries the filer size and spaces in GB', () => {
    const filer = dc.filers[2]!;
    expect(toFiler(filer)).toMatchObject({
      filerId: filer.filerId,
      name: filer.name,
      size: { unit: 'GB', value: filer.sizeGb },
      spaceUsed: filer.spaceUsedGb,
      spaceFree: filer.spaceFreeGb,
      spaceProvisionned: filer.spaceProvisionedGb,
    });
  });

  it('serves null for capacities the Inventory does not know', () => {
    const host = { ...dc.hosts[0]!, cpuMhz: null, cpuCores: null, ramGb: null, inMaintenance: null };
    expect(toHost(host, dc)).toMatchObject({ cpu: null, cpuNum: null, ram: null, inMaintenance: null });
    expect(toFiler({ ...dc.filers[0]!, sizeGb: null })).toMatchObject({ size: null, profile: 'unknown' });
    expect(toVm({ ...dc.vms[0]!, hostName: null })).toMatchObject({ hostName: null, clusterName: null });
  });

  it('gives a service the same IAM id on every call and another service another one', () => {
    const a = toDedicatedCloud(inventory).iam?.id;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toDedicatedCloud(inventory).iam?.id).toBe(a);
    expect(toDedicatedCloud({ ...inventory, serviceName: 'pcc-other' }).iam?.id).not.toBe(a);
  });
});
