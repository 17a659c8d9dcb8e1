import { describe, expect, it } from 'vitest';
import { createPositionBatcher } from './position-batcher';
import type { Fix } from './positions';

/** ~`m` metres north of Sandaga, `s` seconds into the shift. */
const at = (m: number, s: number): Fix => ({
  lat: 14.6708 + m / 111_200,
  lng: -17.4381,
  at: s * 1000,
});

function world() {
  let online = true;
  let failing = false;
  const requests: Fix[][] = [];
  const batcher = createPositionBatcher({
    isOnline: () => online,
    bufferSize: 3,
    async post(fixes) {
      if (failing) throw new Error('Network request failed');
      requests.push(fixes);
    },
  });
  return {
    batcher,
    requests,
    setOnline(value: boolean) {
      online = value;
    },
    setFailing(value: boolean) {
      failing = value;
    },
  };
}

describe('the position batcher', () => {
  it('throttles: the first fix goes, then only after 50 m and 15 s, or 2 minutes standing still', async () => {
    const { batcher, requests } = world();
    await batcher.push([at(0, 0)], true);
    await batcher.push([at(10, 20)]); // 10 m: not worth it
    await batcher.push([at(200, 25)]); // 200 m, 25 s: goes
    await batcher.push([at(400, 30)]); // 5 s later: too soon
    await batcher.push([at(200, 150)]); // 2 min after the last sent: goes
    expect(requests.map((r) => r.map((f) => f.at / 1000))).toEqual([[0], [25], [150]]);
  });

  it("a background batch of the OS's fixes is one request of those worth sending", async () => {
    const { batcher, requests } = world();
    await batcher.push([at(0, 0), at(150, 60), at(160, 70), at(300, 120)], true);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.map((f) => f.at / 1000)).toEqual([0, 60, 120]);
  });

  it('offline the fixes wait (the newest few), and go together as one request when the network returns', async () => {
    const { batcher, requests, setOnline } = world();
    setOnline(false);
    for (const [i, m] of [100, 200, 300, 400, 500].entries()) await batcher.push([at(m, i * 20)]);
    expect(requests).toEqual([]);
    expect(batcher.waiting).toBe(3);
    setOnline(true);
    await batcher.drain();
    expect(requests.map((r) => r.map((f) => f.at / 1000))).toEqual([[40, 60, 80]]);
    expect(batcher.waiting).toBe(0);
  });

  it('a send that fails keeps its fixes for the next one, oldest first', async () => {
    const { batcher, requests, setFailing } = world();
    setFailing(true);
    await batcher.push([at(0, 0)], true);
    expect(batcher.waiting).toBe(1);
    setFailing(false);
    await batcher.push([at(100, 20)]);
    expect(requests.map((r) => r.map((f) => f.at / 1000))).toEqual([[0, 20]]);
  });

  it('stopped (off duty, signed out), nothing more is sent and what waited is dropped', async () => {
    const { batcher, requests, setOnline } = world();
    setOnline(false);
    await batcher.push([at(0, 0)], true);
    batcher.stop();
    setOnline(true);
    await batcher.push([at(500, 200)]);
    await batcher.drain();
    expect(requests).toEqual([]);
    expect(batcher.waiting).toBe(0);
  });
});
