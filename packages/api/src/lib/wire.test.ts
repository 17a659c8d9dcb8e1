import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeAnswer } from './wire';

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
});
