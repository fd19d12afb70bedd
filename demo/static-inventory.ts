import type { InventorySource } from '../lib/core/ports.ts';
import type { Inventory } from '../lib/core/types.ts';

/** An InventorySource that returns a fixed inventory (the demo, tests, an exported snapshot). */
export function staticInventory(inventory: Inventory): InventorySource {
  return { load: async () => inventory };
}
