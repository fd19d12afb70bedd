/**
 * Fuzzing the APIv6 mapping: an in-memory APIv6 answers every endpoint the listing asks with a
 * random JSON shape — a valid object, one with random fields changed, or any JSON at all — or
 * fails the call as the real client does. listServices and loadApiv6Inventory return an
 * Inventory or throw InventoryError; an Inventory holds what was listed, with no NaN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../../lib/core/errors.ts';
import type { Inventory } from '../../../lib/core/types.ts';
import { listServices, loadApiv6Inventory } from '../../../lib/discover/apiv6-inventory.ts';
import type { OvhApi } from '../../../lib/discover/ovh-api.ts';
import { DEFAULT_TAG_MAPPING, type TagMapping } from '../../../lib/discover/tag-mapping.ts';

const RUNS = 10_000;
const SERVICE = 'pcc-192-0-2-10';

type Kind = 'datacenters' | 'datacenter' | 'ids' | 'host' | 'vm' | 'filer';

function kindOf(path: string): Kind {
  if (/\/datacenter$/.test(path)) return 'datacenters';
  if (/\/datacenter\/[^/]+$/.test(path)) return 'datacenter';
  if (/\/(host|vm|filer)$/.test(path)) return 'ids';
  return (/\/(host|vm|filer)\/[^/]+$/.exec(path)?.[1] ?? 'ids') as Kind;
}

const unit = fc.constantFrom('MHz', 'GHz', 'GB', 'TB', 'mb', 'B', '', 'constructor', '__proto__', 'toString');
const unitAndValue = fc.oneof(
  fc.record({ unit, value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) }),
  fc.constant(null),
);
const optional = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(null));
const id = fc.integer({ min: -5, max: 1_000_000 });
const name = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('172.17.86.51', 'vm-01254', '$&', '{name}'),
);
const valid: Record<Kind, fc.Arbitrary<unknown>> = {
  datacenters: fc.array(id, { maxLength: 2 }),
  datacenter: fc.record({ datacenterId: id, name }),
  ids: fc.array(id, { maxLength: 3 }),
  host: fc.record(
    {
      hostId: id,
      name,
      cpu: unitAndValue,
      ram: unitAndValue,
      cpuNum: optional(fc.integer({ min: 0, max: 512 })),
      inMaintenance: optional(fc.boolean()),
    },
    { requiredKeys: ['hostId', 'name'] },
  ),
  vm: fc.record(
    {
      vmId: id,
      moRef: name,
      name: optional(name),
      powerState: optional(fc.constantFrom('poweredOn', 'poweredOff', 'suspended', 'deleted', 'on')),
      cpuNum: optional(fc.integer({ min: 0, max: 64 })),
      memoryMax: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
      snapshotNum: optional(fc.nat()),
      hostName: optional(name),
    },
    { requiredKeys: ['vmId', 'moRef'] },
  ),
  filer: fc.record(
    {
      filerId: id,
      name,
      size: unitAndValue,
      spaceFree: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
      spaceUsed: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
      spaceProvisionned: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
    },
    { requiredKeys: ['filerId', 'name'] },
  ),
};

/** A valid answer (most often), one with a field replaced by any JSON, or any JSON. */
const answer = (kind: Kind): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: valid[kind] },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid[kind], fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([v, key, junk]) =>
          typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, [key]: junk } : [junk],
        ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );

/** What each endpoint kind answers, in call order (cycling), plus calls that fail. */
const world = fc.record({
  datacenters: fc.array(answer('datacenters'), { minLength: 1, maxLength: 2 }),
  datacenter: fc.array(answer('datacenter'), { minLength: 1, maxLength: 2 }),
  ids: fc.array(answer('ids'), { minLength: 1, maxLength: 3 }),
  host: fc.array(answer('host'), { minLength: 1, maxLength: 3 }),
  vm: fc.array(answer('vm'), { minLength: 1, maxLength: 3 }),
  filer: fc.array(answer('filer'), { minLength: 1, maxLength: 3 }),
  failEvery: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** An in-memory APIv6 serving `w`; a failing call rejects with InventoryError, as createOvhApi does. */
function apiOf(w: World): OvhApi {
  const served: Record<Kind, number> = { datacenters: 0, datacenter: 0, ids: 0, host: 0, vm: 0, filer: 0 };
  let calls = 0;
  return {
    get: async (path) => {
      calls++;
      if (w.failEvery > 0 && calls % w.failEvery === 0) {
        throw new InventoryError(`APIv6 answered 503 to GET ${path}.`, { context: { path, status: 503 } });
      }
      const kind = kindOf(path);
      const answers = w[kind] as unknown[];
      return structuredClone(answers[served[kind]++ % answers.length]);
    },
    post: async (path) => {
      throw new InventoryError(`APIv6 has no ${path} (404).`);
    },
  };
}

function checkInventory(inventory: Inventory): void {
  expect(inventory.serviceName).toBe(SERVICE);
  const maybe = (n: number | null) => expect(n === null || !Number.isNaN(n)).toBe(true);
  for (const dc of inventory.datacenters) {
    expect(Number.isInteger(dc.datacenterId)).toBe(true);
    expect(typeof dc.tag).toBe('string');
    for (const h of dc.hosts) {
      expect(typeof h.tag).toBe('string');
      maybe(h.cpuMhz);
      maybe(h.cpuCores);
      maybe(h.ramGb);
    }
    for (const v of dc.vms) {
      expect(typeof v.tag).toBe('string');
      expect(typeof v.name).toBe('string');
      maybe(v.cpuNum);
    }
    for (const f of dc.filers) {
      expect(typeof f.tag).toBe('string');
      maybe(f.sizeGb);
    }
  }
}

const mapping: fc.Arbitrary<TagMapping> = fc.record({
  datacenter: fc.constantFrom(DEFAULT_TAG_MAPPING.datacenter, '{name}', '{serviceName}-{name}-$&'),
  host: fc.constantFrom('name', 'hostId'),
  vm: fc.constantFrom('moRef', 'name', 'vmId'),
  datastore: fc.constantFrom('name', 'filerId'),
});

describe('APIv6 mapping under fuzzing', () => {
  it('maps random APIv6 answers to an Inventory without NaN, or throws InventoryError', async () => {
    let inventories = 0;
    await fc.assert(
      fc.asyncProperty(world, mapping, async (w, tagMapping) => {
        try {
          checkInventory(await loadApiv6Inventory(apiOf(w), SERVICE, { tagMapping, concurrency: 2 }));
          inventories++;
        } catch (error) {
          if (!(error instanceof InventoryError)) throw error;
        }
      }),
      { numRuns: RUNS, seed: 20261126 },
    );
    // Valid inventories come out too, not only refusals.
    expect(inventories).toBeGreaterThan(RUNS / 20);
  });

  it('lists services from random JSON, or throws InventoryError', async () => {
    const listing = fc.oneof(
      fc.array(
        fc.oneof(fc.constantFrom(SERVICE, 'pcc-1', '..', 'pcc-1/../x', ''), fc.string({ maxLength: 12 })),
      ),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(listing, async (value) => {
        const api: OvhApi = { get: async () => structuredClone(value), post: async () => null };
        try {
          const names = await listServices(api);
          expect(names).toEqual(value);
        } catch (error) {
          if (!(error instanceof InventoryError)) throw error;
        }
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
  });

  it('refuses random service names that are not names, before asking APIv6, with InventoryError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 20 }), async (service) => {
        const w: World = {
          datacenters: [[]],
          datacenter: [{}],
          ids: [[]],
          host: [{}],
          vm: [{}],
          filer: [{}],
          failEvery: 0,
        };
        try {
          expect((await loadApiv6Inventory(apiOf(w), service)).datacenters).toEqual([]);
        } catch (error) {
          if (!(error instanceof InventoryError)) throw error;
        }
      }),
      { numRuns: RUNS, seed: 20261128 },
    );
  });
});
