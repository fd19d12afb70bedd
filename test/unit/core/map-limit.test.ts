import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../lib/core/map-limit.ts';

describe('mapLimit', () => {
  it('keeps the order of its input and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });

  it('starts no further call after a failure', async () => {
    const started: number[] = [];
    await expect(
      mapLimit([1, 2, 3, 4, 5, 6], 2, async (x) => {
        started.push(x);
        if (x === 2) throw new Error('two');
        await new Promise((r) => setTimeout(r, 5));
        return x;
      }),
    ).rejects.toThrow('two');
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([1, 2]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapLimit([1, 2], 4, async (x) => (x === 2 ? Promise.reject(new Error('two')) : x)),
    ).rejects.toThrow('two');
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
  });
});
