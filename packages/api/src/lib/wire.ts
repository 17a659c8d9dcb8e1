// The answers' serializer: superjson's wire format ({ json, meta }) without superjson's copy.
//
// superjson.serialize builds a transformed copy of the whole answer while it looks for Dates and
// records every object's identity; tRPC's JSON.stringify then walks that copy. For a page of 50
// orders that was the largest single cost of a request (docs/benchmarks.md). Our answers are plain
// data whose only non-JSON values are Dates (and the odd undefined), and a Date's JSON is the very
// string superjson puts in `json`. So the answer itself is `json`, JSON.stringify writes it (a
// Date through its own toJSON), and a read-only pass beforehand notes where the Dates are: no
// copy, nothing allocated but the paths. (A replacer on the one JSON.stringify would do both in
// one walk, but tRPC owns that call, and JSON.rawJSON takes no objects.) Anything else superjson
// would annotate (Map, Set, bigint, NaN, class instances, a Date at the root) makes this hand the
// answer to superjson itself, so the client's superjson.deserialize always reads what it expects.
// Shared references are not marked (superjson's referentialEqualities): the client gets equal
// copies, which for read-only answers is the same thing.
import superjson from 'superjson';

type SuperJSONResult = ReturnType<typeof superjson.serialize>;

/** Thrown by the pass: this answer holds a value only superjson can describe. */
const NOT_PLAIN = Symbol('not plain');

const objectProto = Object.prototype;

/** A superjson path segment: dots and backslashes escaped, as superjson's own escapeKey does. */
const escapeKey = (key: string) =>
  key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;

type Annotations = Record<string, ['Date' | 'undefined']>;

/**
 * Notes the path of each Date and undefined under `value` (whose own path is `prefix`, ending in a
 * dot); throws NOT_PLAIN on anything else. A child's path is written out only when it is needed
 * (a Date, an undefined, an object to go into): most values are strings and numbers, and building
 * a path string for each of them was most of this pass's cost.
 */
function annotate(value: object, prefix: string, into: { values?: Annotations }): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(value[i], prefix, i, into);
  } else {
    for (const key in value) {
      if (Object.hasOwn(value, key)) {
        visit((value as Record<string, unknown>)[key], prefix, key, into);
      }
    }
  }
}

const pathOf = (prefix: string, key: string | number) =>
  prefix + (typeof key === 'number' ? key : escapeKey(key));

// Top-level, not closures inside annotate: this runs for every value of every answer.
function visit(
  child: unknown,
  prefix: string,
  key: string | number,
  into: { values?: Annotations },
): void {
  switch (typeof child) {
    case 'object':
      if (child === null) return;
      if (child instanceof Date) {
        // superjson keeps an invalid Date as "Invalid Date"; JSON would say null.
        if (Number.isNaN(child.getTime())) throw NOT_PLAIN;
        into.values ??= {};
        into.values[pathOf(prefix, key)] = ['Date'];
        return;
      }
      if (!Array.isArray(child)) {
        const proto = Object.getPrototypeOf(child);
        if (proto !== objectProto && proto !== null) throw NOT_PLAIN;
      }
      annotate(child, `${pathOf(prefix, key)}.`, into);
      return;
    case 'undefined':
      into.values ??= {};
      into.values[pathOf(prefix, key)] = ['undefined'];
      return;
    case 'number':
      if (!Number.isFinite(child) || Object.is(child, -0)) throw NOT_PLAIN;
      return;
    case 'bigint':
    case 'symbol':
    case 'function':
      throw NOT_PLAIN;
    default:
      return;
  }
}

function serializeOnce(value: unknown): SuperJSONResult {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : null;
  if (proto === null || (proto !== objectProto && !Array.isArray(value))) {
    // Scalars, a bare Date or an instance: superjson says them its own way, and cheaply.
    return superjson.serialize(value);
  }
  const found: { values?: Annotations } = {};
  annotate(value as object, '', found);
  const json = value as SuperJSONResult['json'];
  return found.values ? { json, meta: { values: found.values, v: 1 } } : { json };
}

/** superjson.serialize's output, in one walk of the answer for plain data. */
export function serializeAnswer(value: unknown): SuperJSONResult {
  try {
    return serializeOnce(value);
  } catch (error) {
    if (error === NOT_PLAIN) return superjson.serialize(value);
    throw error;
  }
}

/** tRPC's transformer: what clients send is read by superjson; answers go out through serializeAnswer. */
export const transformer = {
  input: superjson,
  output: { serialize: serializeAnswer, deserialize: superjson.deserialize.bind(superjson) },
};
