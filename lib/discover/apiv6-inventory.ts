/**
 * Stage 1, discover: a service's datacenters, hosts, VMs and filers from APIv6, with the live
 * properties the time series lack. Calls are concurrency-limited (APIv6 rate-limits per
 * application); every object is validated as it arrives so a schema change fails with the
 * path of the object, not later with a NaN.
 */
import { z } from 'zod';
import { InventoryError } from '../core/errors.ts';
import { mapLimit } from '../core/map-limit.ts';
import type { InventorySource } from '../core/ports.ts';
import { isServiceName, serviceNameProblem } from '../core/service-name.ts';
import type { DatacenterInventory, FilerInfo, HostInfo, Inventory, VmInfo } from '../core/types.ts';
import type { OvhApi } from './ovh-api.ts';
import { DEFAULT_TAG_MAPPING, datacenterTag, type TagMapping } from './tag-mapping.ts';

export const INVENTORY_DEFAULTS = { concurrency: 8 } as const;

const unitAndValue = z.object({ unit: z.string(), value: z.number() }).nullable().optional();
const idList = z.array(z.number().int());
const serviceList = z.array(z.string());
const datacenterSchema = z.object({ datacenterId: z.number().int(), name: z.string() });
const hostSchema = z.object({
  hostId: z.number().int(),
  name: z.string(),
  cpu: unitAndValue,
  ram: unitAndValue,
  cpuNum: z.number().nullable().optional(),
  inMaintenance: z.boolean().nullable().optional(),
});
const vmSchema = z.object({
  vmId: z.number().int(),
  moRef: z.string(),
  name: z.string().nullable().optional(),
  powerState: z.enum(['poweredOn', 'poweredOff', 'suspended', 'deleted']).nullable().optional(),
  cpuNum: z.number().nullable().optional(),
  memoryMax: z.number().nullable().optional(),
  snapshotNum: z.number().nullable().optional(),
  hostName: z.string().nullable().optional(),
  filers: z
    .array(z.looseObject({ name: z.string() }))
    .nullable()
    .optional(),
});
const filerSchema = z.object({
  filerId: z.number().int(),
  name: z.string(),
  size: unitAndValue,
  spaceFree: z.number().nullable().optional(),
  spaceUsed: z.number().nullable().optional(),
  spaceProvisionned: z.number().nullable().optional(),
});

const TO_MHZ: Record<string, number> = { Hz: 1e-6, kHz: 1e-3, MHz: 1, GHz: 1000 };
const TO_GB: Record<string, number> = {
  B: 1 / 1024 ** 3,
  KB: 1 / 1024 ** 2,
  MB: 1 / 1024,
  GB: 1,
  TB: 1024,
  PB: 1024 ** 2,
};

function scaled(
  v: { unit: string; value: number } | null | undefined,
  table: Record<string, number>,
): number | null {
  if (!v) return null;
  // Own units only: `constructor` or `__proto__` would find Object.prototype's members (NaN).
  const unit = Object.hasOwn(table, v.unit) ? v.unit : v.unit.toUpperCase();
  return Object.hasOwn(table, unit) ? v.value * (table[unit] as number) : null;
}

async function getValid<T>(
  api: OvhApi,
  path: string,
  schema: z.ZodType<T>,
  signal?: AbortSignal,
): Promise<T> {
  const body = await api.get(path, signal);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InventoryError(
      `APIv6 ${path} answered an unexpected shape: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
      { context: { path } },
    );
  }
  return parsed.data;
}

export interface Apiv6InventoryOptions {
  readonly concurrency?: number;
  readonly tagMapping?: TagMapping;
  readonly signal?: AbortSignal;
}

/** Throws InventoryError unless `name` has the form of a service name (it becomes a path and a key). */
function checkServiceName(name: string, path: string): void {
  if (!isServiceName(name)) {
    throw new InventoryError(`APIv6 ${path}: ${serviceNameProblem(name)}.`, { context: { path } });
  }
}

/** The dedicatedCloud services the credentials can see; a name of another form fails the listing. */
export async function listServices(api: OvhApi, signal?: AbortSignal): Promise<string[]> {
  const names = await getValid(api, '/dedicatedCloud', serviceList, signal);
  for (const name of names) checkServiceName(name, '/dedicatedCloud');
  return names;
}

/** Reads one service's inventory from APIv6. */
export async function loadApiv6Inventory(
  api: OvhApi,
  serviceName: string,
  options: Apiv6InventoryOptions = {},
): Promise<Inventory> {
  const { signal } = options;
  const mapping = options.tagMapping ?? DEFAULT_TAG_MAPPING;
  const limit = options.concurrency ?? INVENTORY_DEFAULTS.concurrency;
  checkServiceName(serviceName, '/dedicatedCloud/{serviceName}');
  const sn = encodeURIComponent(serviceName);
  const ids = await getValid(api, `/dedicatedCloud/${sn}/datacenter`, idList, signal);
  const datacenters: DatacenterInventory[] = [];
  for (const id of ids) {
    const base = `/dedicatedCloud/${sn}/datacenter/${id}`;
    const dc = await getValid(api, base, datacenterSchema, signal);
    const each = async <T>(kind: 'host' | 'vm' | 'filer', schema: z.ZodType<T>): Promise<T[]> => {
      const list = await getValid(api, `${base}/${kind}`, idList, signal);
      return mapLimit(list, limit, (objectId) =>
        getValid(api, `${base}/${kind}/${objectId}`, schema, signal),
      );
    };
    const [hosts, vms, filers] = [
      await each('host', hostSchema),
      await each('vm', vmSchema),
      await each('filer', filerSchema),
    ];
    datacenters.push({
      datacenterId: dc.datacenterId,
      name: dc.name,
      tag: datacenterTag(mapping, serviceName, dc.datacenterId, dc.name),
      hosts: hosts.map(
        (h): HostInfo => ({
          hostId: h.hostId,
          name: h.name,
          tag: mapping.host === 'name' ? h.name : String(h.hostId),
          cpuMhz: scaled(h.cpu, TO_MHZ),
          cpuCores: h.cpuNum ?? null,
          ramGb: scaled(h.ram, TO_GB),
          inMaintenance: h.inMaintenance ?? null,
        }),
      ),
      vms: vms.map(
        (v): VmInfo => ({
          vmId: v.vmId,
          moRef: v.moRef,
          name: v.name ?? v.moRef,
          tag: mapping.vm === 'vmId' ? String(v.vmId) : mapping.vm === 'name' ? (v.name ?? v.moRef) : v.moRef,
          powerState: v.powerState ?? null,
          cpuNum: v.cpuNum ?? null,
          memoryMaxMb: v.memoryMax ?? null,
          snapshotNum: v.snapshotNum ?? null,
          hostName: v.hostName ?? null,
          ...(v.filers ? { datastores: v.filers.map((f) => f.name) } : {}),
        }),
      ),
      filers: filers.map(
        (f): FilerInfo => ({
          filerId: f.filerId,
          name: f.name,
          tag: mapping.datastore === 'name' ? f.name : String(f.filerId),
          sizeGb: scaled(f.size, TO_GB),
          spaceUsedGb: f.spaceUsed ?? null,
          spaceFreeGb: f.spaceFree ?? null,
          spaceProvisionedGb: f.spaceProvisionned ?? null,
        }),
      ),
    });
  }
  return { serviceName, datacenters };
}

/** An InventorySource that reads `serviceName` from APIv6 on every load. */
export function apiv6InventorySource(
  api: OvhApi,
  serviceName: string,
  options: Apiv6InventoryOptions = {},
): InventorySource {
  return {
    load: (signal) => loadApiv6Inventory(api, serviceName, { ...options, ...(signal ? { signal } : {}) }),
  };
}
