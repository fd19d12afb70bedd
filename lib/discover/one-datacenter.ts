/** An inventory reduced to one of the service's datacenters, for reports on a datacenter alone. */
import { InventoryError } from '../core/errors.ts';
import type { InventorySource } from '../core/ports.ts';

/** The datacenter asked for is not in the service (answered 404: the caller may read the service). */
export class UnknownDatacenterError extends InventoryError {
  constructor(serviceName: string, datacenter: string) {
    super(`Service ${serviceName} has no datacenter '${datacenter}' (give its id or name).`, {
      expose: true,
      status: 404,
      context: { field: 'datacenter' },
    });
  }
}

/** Keeps only the datacenter asked for, matched by id or name; the whole inventory for null. */
export function oneDatacenter(
  source: InventorySource,
  serviceName: string,
  datacenter: string | null,
): InventorySource {
  if (datacenter === null) return source;
  return {
    async load(signal) {
      const inventory = await source.load(signal);
      const kept = inventory.datacenters.filter(
        (dc) => String(dc.datacenterId) === datacenter || dc.name === datacenter,
      );
      if (kept.length === 0) throw new UnknownDatacenterError(serviceName, datacenter);
      return { ...inventory, datacenters: kept };
    },
  };
}
