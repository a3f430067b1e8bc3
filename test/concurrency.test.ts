/** mapLimit: the results in order, never more than `limit` at once. */
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../src/util/concurrency.js';

describe('mapLimit', () => {
  it('keeps the order of the items and at most `limit` running', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([50, 10, 40, 0, 30, 20, 5], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(out).toEqual([100, 20, 80, 0, 60, 40, 10]);
    expect(most).toBe(3);
  });

  it('an empty list, and a limit above the count', async () => {
    expect(await mapLimit([], 4, async (x: number) => x)).toEqual([]);
    expect(await mapLimit([1, 2], 8, async (x) => x + 1)).toEqual([2, 3]);
  });
});
