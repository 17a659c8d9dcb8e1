import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isoString, serializeAnswer } from './wire';

/** What a client's superjson reads from the text the server sends. */
const roundTrip = (value: unknown) =>
  superjson.deserialize(JSON.parse(JSON.stringify(serializeAnswer(value))));

describe('serializeAnswer', () => {
  it('gives the client what superjson would: dates, undefined, nesting, arrays, odd keys', () => {
    const shared = ['confirmed', 'cancelled'];
    const answer = {
      nextCursor: null,
      items: [
        {
          id: 'a',
          createdAt: new Date('2026-01-02T03:04:05.678Z'),
          allowedTransitions: shared,
          note: undefined,
          items: [{ at: new Date(0), list: [new Date(1), null, 3] }],
        },
        { id: 'b', createdAt: new Date('2026-02-02T00:00:00Z'), allowedTransitions: shared },
      ],
      'key.with.dots': { 'back\\slash': new Date(5) },
      empty: {},
      '': { d: new Date(7) },
    };
    const expected = superjson.deserialize(JSON.parse(superjson.stringify(answer)));
    expect(roundTrip(answer)).toEqual(expected);
    expect(roundTrip(answer)).toEqual(answer);
  });

  it('hands values only superjson can describe to superjson', () => {
    for (const value of [
      { map: new Map([['a', 1]]) },
      { set: new Set([1]) },
      { big: 10n },
      { nan: Number.NaN },
      { invalid: new Date(Number.NaN) },
      new Date(3),
      'text',
      42,
      null,
      [new Date(9)],
    ]) {
      expect(roundTrip(value)).toEqual(superjson.parse(superjson.stringify(value)));
    }
  });

  it('says nothing more than the JSON when an answer has no dates', () => {
    expect(JSON.stringify(serializeAnswer({ a: [1, 'x', { b: true }] }))).toBe(
      '{"json":{"a":[1,"x",{"b":true}]}}',
    );
  });

  it('never changes the answer: its Dates stay Dates, shared objects are copied, not written', () => {
    const cachedUser = { id: 'u', createdAt: new Date('2026-03-04T05:06:07.089Z') };
    const price = { minor: 500, currency: 'XOF' };
    const answer = { user: cachedUser, items: [{ price }, { price, at: new Date(86_400_000) }] };
    const sent = serializeAnswer(answer);
    expect(cachedUser.createdAt).toBeInstanceOf(Date);
    expect(answer.items[1]?.at).toBeInstanceOf(Date);
    const json = sent.json as unknown as typeof answer & { user: { createdAt: unknown } };
    expect(json.user.createdAt).toBe('2026-03-04T05:06:07.089Z');
    expect(json.user).not.toBe(cachedUser);
    // What holds no Date is sent as it is, not copied.
    expect(json.items[0]).toBe(answer.items[0]);
    expect(json.items[1]?.price).toBe(price);
  });

  it('writes a Date as toISOString does, over the years a business can meet and beyond', () => {
    const edges = [
      0, -1, 1, 951_782_400_000, 951_868_799_999, 4_107_542_399_999, -62_135_596_800_000,
    ];
    const random = Array.from({ length: 20_000 }, () =>
      Math.floor((Math.random() - 0.3) * 400_000_000_000_000),
    );
    for (const ms of [...edges, ...random]) expect(isoString(ms)).toBe(new Date(ms).toISOString());
    // Outside 1000–9999: zero-padded, or a sign and six digits, as V8 writes them.
    expect(isoString(-62_198_755_200_000)).toBe(new Date(-62_198_755_200_000).toISOString());
    expect(isoString(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
  });
});
