import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { ActionQueue, type KeyValueStore, type QueuedAction, type SendOutcome } from './queue';
import { outcomeOf, UploadRefusedError } from './refusal';

/** A store like AsyncStorage, shared between "runs" of the app. */
function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    async getItem(key) {
      return data.get(key) ?? null;
    },
    async setItem(key, value) {
      data.set(key, value);
    },
  };
}

let ids = 0;
const newId = () => `action-${++ids}`;

describe('the action queue', () => {
  it('an action is stored before anything is sent, and survives the app being killed', async () => {
    const store = memoryStore();
    const sent: string[] = [];
    const first = new ActionQueue({
      store,
      newId,
      send: async (a) => {
        sent.push(a.id);
        return { ok: false, rejected: false, message: 'offline' };
      },
    });
    const action = await first.enqueue(
      { kind: 'deliver', deliveryId: 'd1', otp: '1234', cashCollected: '4500' },
      'CMD-000001',
    );
    expect(sent).toEqual([]);
    expect(JSON.parse(store.data.get('flux.courier.queue.v1') ?? '[]')).toHaveLength(1);

    // A new run of the app finds it, with the same client action id.
    const replayed: QueuedAction[] = [];
    const second = new ActionQueue({
      store,
      send: async (a) => {
        replayed.push(a);
        return { ok: true };
      },
    });
    await second.load();
    expect(second.pending.map((a) => a.id)).toEqual([action.id]);
    expect(await second.flush()).toBe(1);
    expect(replayed.map((a) => [a.id, a.kind, a.kind === 'deliver' ? a.otp : null])).toEqual([
      [action.id, 'deliver', '1234'],
    ]);
    expect(second.pending).toEqual([]);
    expect(JSON.parse(store.data.get('flux.courier.queue.v1') ?? '')).toEqual([]);
  });

  it('replays in order and stops at the first that cannot reach the server, keeping it first', async () => {
    const store = memoryStore();
    let online = false;
    const sent: string[] = [];
    const queue = new ActionQueue({
      store,
      newId,
      send: async (a): Promise<SendOutcome> => {
        if (!online) return { ok: false, rejected: false, message: 'Failed to fetch' };
        sent.push(a.kind);
        return { ok: true };
      },
    });
    await queue.enqueue({ kind: 'pickUp', deliveryId: 'd1' }, 'CMD-1');
    await queue.enqueue({ kind: 'deliver', deliveryId: 'd1', cashCollected: '0' }, 'CMD-1');
    expect(await queue.flush()).toBe(0);
    expect(queue.pending.map((a) => [a.kind, a.attempts, a.lastError])).toEqual([
      ['pickUp', 1, 'Failed to fetch'],
      ['deliver', 0, undefined],
    ]);
    online = true;
    expect(await queue.flush({ force: true })).toBe(2);
    expect(sent).toEqual(['pickUp', 'deliver']);
  });

  it('two flushes at once send each action once', async () => {
    const store = memoryStore();
    let calls = 0;
    const queue = new ActionQueue({
      store,
      newId,
      send: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { ok: true };
      },
    });
    await queue.enqueue({ kind: 'accept', deliveryId: 'd1' }, 'CMD-1');
    await Promise.all([queue.flush(), queue.flush(), queue.flush()]);
    expect(calls).toBe(1);
  });

  it('an action the server refuses leaves the queue with its words, and the next ones still go', async () => {
    const store = memoryStore();
    const rejected: string[] = [];
    const queue = new ActionQueue({
      store,
      newId,
      send: async (a): Promise<SendOutcome> =>
        a.kind === 'accept' && a.deliveryId === 'taken'
          ? {
              ok: false,
              rejected: true,
              code: 'CONFLICT',
              message: 'This offer is no longer yours',
            }
          : { ok: true },
      onRejected: (r) => rejected.push(`${r.action.label}: ${r.code} ${r.message}`),
    });
    await queue.enqueue({ kind: 'accept', deliveryId: 'taken' }, 'CMD-7');
    await queue.enqueue({ kind: 'accept', deliveryId: 'd2' }, 'CMD-8');
    expect(await queue.flush()).toBe(2);
    expect(rejected).toEqual(['CMD-7: CONFLICT This offer is no longer yours']);
    expect(queue.pending).toEqual([]);
  });

  it('a send that throws counts as not reached: nothing is lost', async () => {
    const queue = new ActionQueue({
      store: memoryStore(),
      newId,
      send: async () => {
        throw new TypeError('Network request failed');
      },
    });
    await queue.enqueue({ kind: 'pickUp', deliveryId: 'd1' }, 'CMD-1');
    expect(await queue.flush()).toBe(0);
    expect(queue.pending[0]?.lastError).toBe('Network request failed');
  });

  it('listeners see an action at once, and an update keeps its place', async () => {
    const queue = new ActionQueue({
      store: memoryStore(),
      newId,
      send: async () => ({ ok: true }),
    });
    const seen: number[] = [];
    queue.subscribe((actions) => seen.push(actions.length));
    const a = await queue.enqueue(
      { kind: 'deliver', deliveryId: 'd1', photoUri: 'file:///p.jpg', cashCollected: '0' },
      'CMD-1',
    );
    await queue.enqueue({ kind: 'pickUp', deliveryId: 'd2' }, 'CMD-2');
    await queue.update(a.id, { photoUploadId: 'u1' });
    expect(seen).toEqual([0, 1, 2, 2]);
    expect(queue.pending[0]).toMatchObject({ id: a.id, photoUploadId: 'u1' });
  });
});

describe('the queue on a bad network', () => {
  it('an action that cannot be sent waits longer after each failure; a forced flush sends it at once', async () => {
    let now = 0;
    const tries: number[] = [];
    const queue = new ActionQueue({
      store: memoryStore(),
      newId,
      now: () => now,
      random: () => 1, // the jitter at its highest: the delays are exact
      backoff: { firstMs: 1_000, maxMs: 4_000 },
      send: async (): Promise<SendOutcome> => {
        tries.push(now);
        return { ok: false, rejected: false, message: 'Failed to fetch' };
      },
    });
    await queue.enqueue({ kind: 'pickUp', deliveryId: 'd1' }, 'CMD-1');
    for (const at of [0, 500, 1_000, 2_000, 3_000, 3_500, 7_000, 10_000, 11_000]) {
      now = at;
      await queue.flush();
    }
    // 1 s, 2 s, 4 s, then 4 s (the cap) between tries.
    expect(tries).toEqual([0, 1_000, 3_000, 7_000, 11_000]);
    now = 11_001;
    await queue.flush({ force: true }); // the network came back
    expect(tries).toHaveLength(6);
    expect(queue.pending[0]).toMatchObject({ attempts: 6, lastError: 'Failed to fetch' });
  });

  it('a server error keeps the action; a refused proof photo leaves with its words and the next one goes', async () => {
    const rejected: string[] = [];
    const sent: string[] = [];
    let serverDown = true;
    const queue = new ActionQueue({
      store: memoryStore(),
      newId,
      send: async (a): Promise<SendOutcome> => {
        if (serverDown) {
          return outcomeOf(
            new TRPCClientError('Something went wrong', {
              result: {
                error: { data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } },
              } as never,
            }),
          );
        }
        if (a.kind === 'deliver' && a.photoUri) {
          return outcomeOf(new UploadRefusedError(413, 'The photo is larger than 10 MB'));
        }
        sent.push(a.kind);
        return { ok: true };
      },
      onRejected: (r) => rejected.push(`${r.action.label} ${r.code}: ${r.message}`),
    });
    await queue.enqueue(
      { kind: 'deliver', deliveryId: 'd1', photoUri: 'file:///big.jpg', cashCollected: '0' },
      'CMD-1',
    );
    await queue.enqueue({ kind: 'pickUp', deliveryId: 'd2' }, 'CMD-2');
    expect(await queue.flush({ force: true })).toBe(0);
    expect(queue.pending).toHaveLength(2);
    serverDown = false;
    expect(await queue.flush({ force: true })).toBe(2);
    expect(rejected).toEqual(['CMD-1 PHOTO_REFUSED: The photo is larger than 10 MB']);
    expect(sent).toEqual(['pickUp']);
    expect(queue.pending).toEqual([]);
  });

  it('off duty tapped in a tunnel waits in line and is sent after the actions before it', async () => {
    let online = false;
    const sent: string[] = [];
    const queue = new ActionQueue({
      store: memoryStore(),
      newId,
      send: async (a): Promise<SendOutcome> => {
        if (!online) return { ok: false, rejected: false, message: 'Failed to fetch' };
        sent.push(a.kind === 'availability' ? `availability:${a.status}` : a.kind);
        return { ok: true };
      },
    });
    await queue.enqueue(
      { kind: 'deliver', deliveryId: 'd1', otp: '1234', cashCollected: '4500' },
      'CMD-1',
    );
    await queue.enqueue({ kind: 'availability', status: 'offline' }, 'Hors service');
    await queue.flush({ force: true });
    expect(queue.pending.map((a) => a.kind)).toEqual(['deliver', 'availability']);
    online = true;
    await queue.flush({ force: true });
    expect(sent).toEqual(['deliver', 'availability:offline']);
  });
});
