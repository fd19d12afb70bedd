import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../lib/core/map-limit.ts';

describe('mapLimit', () => {
  it('keeps the order of its input and never runs more than the limit at once', async () => {
    // Calls finish in the order the test opens their gates, not the input's.
    const gates = new Map<number, () => void>();
    let running = 0;
    let peak = 0;
    let started: () => void = () => {};
    const call = async (x: number): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => {
        gates.set(x, resolve);
        started();
      });
      running--;
      return x * 10;
    };
    const waitingOn = (n: number) =>
      new Promise<void>((resolve) => {
        started = () => {
          if (gates.size === n) resolve();
        };
        started();
      });
    const all = mapLimit([5, 1, 4, 2, 3, 0], 2, call);
    const order: number[] = [];
    for (const size of [2, 2, 2, 2, 2, 1]) {
      await waitingOn(size);
      expect(running).toBe(size);
      // The largest waiting value finishes first.
      const x = Math.max(...gates.keys());
      order.push(x);
      gates.get(x)?.();
      gates.delete(x);
    }
    expect(await all).toEqual([50, 10, 40, 20, 30, 0]);
    expect(order).toEqual([5, 4, 2, 3, 1, 0]);
    expect(peak).toBe(2);
  });

  it('starts no further call after a failure', async () => {
    const started: number[] = [];
    let finishOne: () => void = () => {};
    const all = mapLimit([1, 2, 3, 4, 5, 6], 2, async (x) => {
      started.push(x);
      if (x === 2) throw new Error('two');
      await new Promise<void>((resolve) => {
        finishOne = resolve;
      });
      return x;
    });
    await expect(all).rejects.toThrow('two');
    // The call already under way finishes after the failure: its worker must not start another.
    finishOne();
    // Every continuation of that call runs before the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapLimit([1, 2], 4, async (x) => (x === 2 ? Promise.reject(new Error('two')) : x)),
    ).rejects.toThrow('two');
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
  });
});
