import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('groupCommit', () => {
  it('writes a lone item at once, and queues items behind busy statements into one', async () => {
    const statements: number[][] = [];
    const release: (() => void)[] = [];
    const write = groupCommit<number, string>(
      async (items) => {
        statements.push(items);
        await new Promise<void>((resolve) => release.push(resolve));
        return items.map((item) => `ok ${item}`);
      },
      { inFlight: 1, maxBatch: 3 },
    );
    const first = write(1);
    expect(statements).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((n) => write(n));
    expect(statements).toHaveLength(1);
    release.shift()?.();
    await expect(first).resolves.toBe('ok 1');
    await tick();
    expect(statements).toEqual([[1], [2, 3, 4]]);
    release.shift()?.();
    await tick();
    expect(statements).toEqual([[1], [2, 3, 4], [5]]);
    release.shift()?.();
    await expect(Promise.all(rest)).resolves.toEqual(['ok 2', 'ok 3', 'ok 4', 'ok 5']);
  });

  it('a statement carries at most maxWeight, or a single heavier item', async () => {
    const statements: number[][] = [];
    const release: (() => void)[] = [];
    const write = groupCommit<number>(
      async (items) => {
        statements.push(items);
        await new Promise<void>((resolve) => release.push(resolve));
        return items.map(() => undefined);
      },
      { inFlight: 1, weight: (item) => item, maxWeight: 10 },
    );
    const all = [1, 4, 5, 2, 30, 3].map((n) => write(n));
    for (let i = 0; i < 5; i++) {
      release.shift()?.();
      await tick();
    }
    await Promise.all(all);
    expect(statements).toEqual([[1], [4, 5], [2], [30], [3]]);
  });

  it('a failed statement rejects its own callers only', async () => {
    const write = groupCommit<number>(
      async (items) => {
        if (items.includes(13)) throw new Error('database down');
        return items.map(() => undefined);
      },
      { inFlight: 1 },
    );
    const results = await Promise.allSettled([write(1), write(13), write(14)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await expect(write(2)).resolves.toBeUndefined();
  });
});
