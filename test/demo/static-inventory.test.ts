import { describe, expect, it } from 'vitest';
import { staticInventory } from '../../demo/static-inventory.ts';
import type { InventorySource } from '../../lib/core/ports.ts';
import { syntheticInventory } from '../support/inventory.ts';

describe('staticInventory', () => {
  it('answers every load with the inventory it was given', async () => {
    const inventory = syntheticInventory(3, 2);
    const source: InventorySource = staticInventory(inventory);
    expect(await source.load()).toBe(inventory);
    expect(await source.load()).toBe(inventory);
  });

  it('keeps each source to its own inventory', async () => {
    const small = syntheticInventory(1);
    const large = syntheticInventory(40);
    const [a, b] = [staticInventory(small), staticInventory(large)];
    expect((await b.load()).datacenters[0]?.vms).toHaveLength(40);
    expect(await a.load()).toBe(small);
  });

  it('loads even under an aborted signal: a fixed inventory has nothing to cancel', async () => {
    const inventory = syntheticInventory(2);
    await expect(staticInventory(inventory).load(AbortSignal.abort())).resolves.toBe(inventory);
  });
});
