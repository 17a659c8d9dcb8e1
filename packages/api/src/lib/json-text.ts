// Answers written as JSON text, passed on to the client as they are.
//
// A page of orders arrived as rows, pg parsed them (and each order's lines, a JSON column) into
// objects, the presenter copied them, the wire pass walked them and JSON.stringify wrote them out
// again: for a page of 50 that was a fifth of the server's CPU per call, and much of its garbage
// (docs/benchmarks.md). Now PostgreSQL's text goes unparsed: the lines' JSON as PostgreSQL wrote
// it, the rest written around it by the presenter (presentOrderSummaryJson).
//
// tRPC has no way to put text into its answer (JSON.rawJSON takes only strings, numbers and
// booleans), so the text goes in two steps: the wire pass (wire.ts) writes a placeholder string
// where the JsonText stands and notes its Dates for superjson's meta; the HTTP handler
// (apps/server's app.ts, `spliceJsonTexts`) then puts the text in the placeholder's place in the
// answer's body. The placeholder starts with a NUL character, which no PostgreSQL text can hold,
// and holds a random per-process nonce: nothing a user writes can look like one. A caller with no
// HTTP answer to splice into (tests' createCaller, the REST API) gets objects read from the same
// text instead (`jsonArray`), so both paths answer what the text says.
import { randomBytes } from 'node:crypto';

const NONCE = randomBytes(12).toString('base64url');
let counter = 0;

export class JsonText {
  /** The string the wire pass writes in the text's place (JSON-quoted in the body). */
  readonly placeholder = `\u0000json-text:${NONCE}:${counter++}`;

  /**
   * @param text Valid JSON, as PostgreSQL wrote it.
   * @param dates Where the text holds Dates (as ISO-8601 strings), as superjson paths relative to
   *   the text's own value (`0.createdAt`): the client revives them.
   */
  constructor(
    readonly text: string,
    readonly dates: readonly string[],
  ) {}

  /** Only reached if the answer went through superjson itself: still the placeholder. */
  toJSON() {
    return this.placeholder;
  }
}

/** Where a request's JsonTexts are kept until its answer's body is written (RequestInfo). */
export type JsonTexts = JsonText[];

/**
 * An array of rows as the answer shows them. With an answer to splice into (`texts`), their JSON
 * text, written by `write` (as a JsonText, typed as the items it stands for); without one, the
 * items `read` makes of them. `dates`: where each item holds a Date, relative to the item.
 */
export function jsonArray<Row, T>(
  texts: JsonTexts | undefined,
  rows: readonly Row[],
  view: { write: (row: Row) => string; read: (row: Row) => T; dates: readonly string[] },
): T[] {
  if (!texts) return rows.map(view.read);
  let body = '[';
  for (let i = 0; i < rows.length; i++) body += (i === 0 ? '' : ',') + view.write(rows[i] as Row);
  const text = new JsonText(`${body}]`, itemDates(view.dates, rows.length));
  texts.push(text);
  // The wire pass and the splice make it this array on the wire; nothing on the server reads it.
  return text as unknown as T[];
}

/** The Dates of `count` items, each at `dates` in its item: one list per count, made once. */
const itemDatesMade = new WeakMap<readonly string[], (readonly string[])[]>();
/** Lists longer than a page (pageInput's maximum is 100) are made each time, not kept. */
const ITEM_DATES_KEPT_UP_TO = 200;

/**
 * The same strings every time, not new ones per answer: they become the keys of the answer's
 * superjson meta, and a key V8 has already made an internalized string costs no hash-table lookup
 * (a page of 50 orders built 50 new ones, ~2 % of its server CPU; docs/benchmarks.md).
 */
function itemDates(dates: readonly string[], count: number): readonly string[] {
  if (dates.length === 0) return dates;
  if (count > ITEM_DATES_KEPT_UP_TO) return datePaths(dates, count);
  let byCount = itemDatesMade.get(dates);
  if (!byCount) {
    byCount = [];
    itemDatesMade.set(dates, byCount);
  }
  let made = byCount[count];
  if (!made) {
    made = Object.freeze(datePaths(dates, count));
    byCount[count] = made;
  }
  return made;
}

function datePaths(dates: readonly string[], count: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) for (const path of dates) paths.push(`${i}.${path}`);
  return paths;
}

/**
 * The answer's body with each JsonText's text where its placeholder is. A placeholder that is not
 * in the body (its answer failed before it was written) is skipped.
 */
export function spliceJsonTexts(body: string, texts: JsonTexts): string {
  let out = body;
  for (const text of texts) {
    const quoted = JSON.stringify(text.placeholder);
    const at = out.indexOf(quoted);
    if (at === -1) continue;
    out = out.slice(0, at) + text.text + out.slice(at + quoted.length);
  }
  return out;
}
