// JSON text passed on as it is: the wire pass leaves a placeholder and notes the Dates, the splice
// puts the text in its place, and superjson on the client reads the answer as if it had been
// objects all along.
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { JsonText, jsonArray, spliceJsonTexts } from './json-text';
import { serializeAnswer } from './wire';

const rows = [
  { json: '{"id":"a","at":"2026-11-27T10:00:00.123Z","name":"Awa \\"la reine\\" 😀"}' },
  { json: '{"id":"b","at":"2026-11-26T09:30:00.000Z","name":"Moussa\\n\\\\"}' },
];
const read = (row: { json: string }) => {
  const value = JSON.parse(row.json) as { id: string; at: string; name: string };
  return { ...value, at: new Date(value.at) };
};
const view = { write: (row: { json: string }) => row.json, read, dates: ['at'] };

/** What tRPC and the HTTP handler do with an answer: serialize, stringify, splice. */
const body = (answer: unknown, texts: JsonText[]) =>
  spliceJsonTexts(JSON.stringify({ result: { data: serializeAnswer(answer) } }), texts);

describe('JSON text in answers', () => {
  it('reaches the client as the objects it stands for, Dates and all', () => {
    const texts: JsonText[] = [];
    const answer = { nextCursor: 'abc', items: jsonArray(texts, rows, view) };
    expect(texts).toHaveLength(1);
    const parsed = JSON.parse(body(answer, texts)) as { result: { data: never } };
    const items = superjson.deserialize<{ items: unknown[] }>(parsed.result.data);
    expect(items).toEqual({ nextCursor: 'abc', items: rows.map(read) });
  });

  it('without an answer to splice into, is the objects themselves', () => {
    expect(jsonArray(undefined, rows, view)).toEqual(rows.map(read));
  });

  it('an empty page is an empty array; two texts in one batch each go to their place', () => {
    const texts: JsonText[] = [];
    const batch = [
      { result: { data: serializeAnswer({ items: jsonArray(texts, [], view) }) } },
      { result: { data: serializeAnswer({ items: jsonArray(texts, rows, view) }) } },
    ];
    const spliced = JSON.parse(spliceJsonTexts(JSON.stringify(batch), texts)) as {
      result: { data: never };
    }[];
    const [empty, full] = spliced.map((entry) =>
      superjson.deserialize<{ items: unknown[] }>(entry.result.data),
    );
    expect(empty).toEqual({ items: [] });
    expect(full).toEqual({ items: rows.map(read) });
  });

  it('a placeholder never written (its call failed) is skipped; text that only looks like one stays', () => {
    const unused = new JsonText('[1]', []);
    const lookalike = `x${unused.placeholder.slice(1)}`;
    const text = JSON.stringify({ name: lookalike });
    expect(spliceJsonTexts(text, [unused])).toBe(text);
  });

  it('a JsonText that went through superjson itself still leaves its placeholder', () => {
    const text = new JsonText('[2]', []);
    // A Map makes the wire pass hand the whole answer to superjson (wire.ts).
    const answer = { map: new Map([['k', 1]]), items: text };
    expect(body(answer, [text])).toContain('"items":[2]');
  });
});
