// The answers' serializer: superjson's wire format ({ json, meta }) without superjson's copy.
//
// superjson.serialize builds a transformed copy of the whole answer while it looks for Dates and
// records every object's identity; tRPC's JSON.stringify then walks that copy. For a page of 50
// orders that was the largest single cost of a request (docs/benchmarks.md). Our answers are plain
// data whose only non-JSON values are Dates (and the odd undefined), and a Date's JSON is the very
// string superjson puts in `json`. So one pass notes where the Dates are and puts their text in
// their place, copying only the objects on the way to a Date (the answer's own objects may be
// shared with a cache, and are never changed); everything else is the answer itself. A Date left
// for JSON.stringify cost more than the rest of the page: V8 leaves its fast path for any object
// with a toJSON, and toISOString itself is slow (a page of 51 products: 112 µs with its Dates,
// 26 µs with their text). Anything else superjson would annotate (Map, Set, bigint, NaN, class
// instances, a Date at the root) makes this hand the answer to superjson itself, so the client's
// superjson.deserialize always reads what it expects. Shared references are not marked
// (superjson's referentialEqualities): the client gets equal copies, which for read-only answers
// is the same thing.
import superjson from 'superjson';
import { JsonText } from './json-text';

type SuperJSONResult = ReturnType<typeof superjson.serialize>;

/** Thrown by the pass: this answer holds a value only superjson can describe. */
const NOT_PLAIN = Symbol('not plain');

const objectProto = Object.prototype;

/** A superjson path segment: dots and backslashes escaped, as superjson's own escapeKey does. */
const escapeKey = (key: string) =>
  key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;

type Annotation = ['Date' | 'undefined'];
/** Annotations as [path, annotation] pairs, made an object once at the end (see serializeOnce). */
type Annotations = [string, Annotation][];
const DATE: Annotation = ['Date'];
const UNDEFINED: Annotation = ['undefined'];

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, in integer arithmetic (civil-from-days, H. Hinnant's algorithm):
 * about three times faster. Years outside 1000–9999 (zero-padded, or signed in six digits) go to V8.
 */
export function isoString(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(ms).toISOString();
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

/**
 * Notes the path of each Date and undefined under `value` (whose own path is `prefix`, ending in a
 * dot) and answers `value` with its Dates as text: `value` itself when none is below it, else a
 * shallow copy. Throws NOT_PLAIN on anything else. A child's path is written out only when it is
 * needed (a Date, an undefined, an object to go into): most values are strings and numbers, and
 * building a path string for each of them was most of this pass's cost.
 */
function convert(value: object, prefix: string, into: Annotations): object {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      const out = visit(child, prefix, i, into);
      if (out !== child) {
        copy ??= value.slice();
        copy[i] = out;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (Object.hasOwn(value, key)) {
      const child: unknown = (value as Record<string, unknown>)[key];
      const out = visit(child, prefix, key, into);
      if (out !== child) {
        copy ??= { ...value };
        copy[key] = out;
      }
    }
  }
  return copy ?? value;
}

/** A JsonText's Dates as annotations under its path `at`: made once per list of Dates and path. */
const textDatesMade = new WeakMap<readonly string[], Map<string, Annotations>>();

/**
 * The same annotations (and path strings) for every answer of the same shape, not new strings per
 * answer: they become the keys of the answer's meta (see itemDates in json-text.ts). The paths an
 * answer can put a list at are its procedures' fields: few.
 */
function textDates(dates: readonly string[], at: string): Annotations {
  let byPath = textDatesMade.get(dates);
  if (!byPath) {
    byPath = new Map();
    textDatesMade.set(dates, byPath);
  }
  let made = byPath.get(at);
  if (!made) {
    made = Object.freeze(
      dates.map((date) => Object.freeze([`${at}.${date}`, DATE] as [string, Annotation])),
    ) as Annotations;
    byPath.set(at, made);
  }
  return made;
}

const pathOf = (prefix: string, key: string | number) =>
  prefix + (typeof key === 'number' ? key : escapeKey(key));

// Top-level, not closures inside convert: this runs for every value of every answer.
/** The child as JSON should carry it (a Date: its text); annotations noted on the way. */
function visit(child: unknown, prefix: string, key: string | number, into: Annotations): unknown {
  switch (typeof child) {
    case 'object': {
      if (child === null) return child;
      if (child instanceof JsonText) {
        // Text PostgreSQL wrote, spliced into the body where its placeholder stands (json-text.ts).
        for (const annotation of textDates(child.dates, pathOf(prefix, key))) into.push(annotation);
        return child.placeholder;
      }
      if (child instanceof Date) {
        const ms = child.getTime();
        // superjson keeps an invalid Date as "Invalid Date"; JSON would say null.
        if (Number.isNaN(ms)) throw NOT_PLAIN;
        into.push([pathOf(prefix, key), DATE]);
        return isoString(ms);
      }
      if (!Array.isArray(child)) {
        const proto = Object.getPrototypeOf(child);
        if (proto !== objectProto && proto !== null) throw NOT_PLAIN;
      }
      return convert(child, `${pathOf(prefix, key)}.`, into);
    }
    case 'undefined':
      into.push([pathOf(prefix, key), UNDEFINED]);
      return child;
    case 'number':
      if (!Number.isFinite(child) || Object.is(child, -0)) throw NOT_PLAIN;
      return child;
    case 'bigint':
    case 'symbol':
    case 'function':
      throw NOT_PLAIN;
    default:
      return child;
  }
}

function serializeOnce(value: unknown): SuperJSONResult {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : null;
  if (proto === null || (proto !== objectProto && !Array.isArray(value))) {
    // Scalars, a bare Date or an instance: superjson says them its own way, and cheaply.
    return superjson.serialize(value);
  }
  const found: Annotations = [];
  const json = convert(value as object, '', found) as SuperJSONResult['json'];
  // Object.fromEntries, not a store per path: an object grown key by key with computed names goes
  // to V8's dictionary mode past a dozen keys, and one such object in the answer sent JSON.stringify
  // off its fast path for the whole page (a page of 50 orders: 110 µs instead of 60).
  return found.length > 0 ? { json, meta: { values: Object.fromEntries(found), v: 1 } } : { json };
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
