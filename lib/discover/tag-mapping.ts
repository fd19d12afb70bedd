/**
 * How APIv6 objects name themselves in OpenTSDB tags. The defaults are the documented
 * inference (the vScope guide's examples): datacenter = `<serviceName>_datacenter<id>`,
 * host = Host.name, vm = Vm.moRef, datastore = Filer.name.
 */
export interface TagMapping {
  /** Template; `{serviceName}`, `{datacenterId}` and `{name}` are replaced. */
  readonly datacenter: string;
  readonly host: 'name' | 'hostId';
  readonly vm: 'moRef' | 'name' | 'vmId';
  readonly datastore: 'name' | 'filerId';
}

export const DEFAULT_TAG_MAPPING: TagMapping = {
  datacenter: '{serviceName}_datacenter{datacenterId}',
  host: 'name',
  vm: 'moRef',
  datastore: 'name',
};

/** The datacenter tag value for one datacenter under `mapping`. */
export function datacenterTag(
  mapping: TagMapping,
  serviceName: string,
  datacenterId: number,
  name: string,
): string {
  // Replacement functions, not strings: a name holding `$&` or `$$` is inserted as it is.
  return mapping.datacenter
    .replaceAll('{serviceName}', () => serviceName)
    .replaceAll('{datacenterId}', () => String(datacenterId))
    .replaceAll('{name}', () => name);
}
