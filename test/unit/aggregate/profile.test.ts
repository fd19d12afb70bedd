import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FleetProfileSum, ProfileAccumulator } from '../../../lib/aggregate/profile.ts';

function componentProfile(samples: readonly (readonly [cell: number, value: number])[]): ProfileAccumulator {
  const acc = new ProfileAccumulator();
  for (const [cell, value] of samples) acc.add(cell, value);
  return acc;
}

const component = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  {
    maxLength: 12,
  },
);

describe('FleetProfileSum', () => {
  it('gives each cell the mean of its samples, rounded to 0.01', () => {
    const fleet = new FleetProfileSum();
    fleet.add(
      componentProfile([
        [0, 10.25],
        [0, 20.5],
        [5, 7],
        [2, 1],
      ]),
    );
    fleet.add(
      componentProfile([
        [0, 30.75],
        [2, 2],
        [2, 2],
      ]),
    );
    const means = fleet.means();
    // (10.25 + 20.5 + 30.75) / 3 = 20.5; 7 alone; (1 + 2 + 2) / 3 = 1.666… → 1.67; no sample elsewhere.
    expect(means[0]).toBe(20.5);
    expect(means[5]).toBe(7);
    expect(means[2]).toBe(1.67);
    expect(means[1]).toBeNull();
    expect(means).toHaveLength(168);
  });

  it('does not depend on how components are grouped into datacenters, nor on their order', () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 8 }), fc.nat(), (components, cut) => {
        const profiles = components.map(componentProfile);
        const whole = new FleetProfileSum();
        for (const p of profiles) whole.add(p);
        const split = cut % (profiles.length + 1);
        const [a, b] = [new FleetProfileSum(), new FleetProfileSum()];
        for (const p of profiles.slice(0, split).reverse()) a.add(p);
        for (const p of profiles.slice(split)) b.add(p);
        // Through JSON, as a datacenter's part travels.
        const merged = FleetProfileSum.restore(JSON.parse(JSON.stringify(b.toJSON())));
        merged.merge(FleetProfileSum.restore(JSON.parse(JSON.stringify(a.toJSON()))));
        expect(merged.means()).toEqual(whole.means());
      }),
    );
  });
});
