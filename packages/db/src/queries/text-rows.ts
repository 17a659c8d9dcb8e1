// Lists read as PostgreSQL's text (orders.list, products.list): the statement rendered once per
// database handle and shape, sent named (pg prepares it once per connection), rows in array mode
// with no type parsing, for a presenter that writes JSON from the text without building objects
// (docs/benchmarks.md, "Fourth pass").
import type { Database, Db } from '../client';

interface Rendered {
  sql: string;
  params: unknown[];
}

const renderedByDb = new WeakMap<Db, Map<string, Rendered>>();

/** `render()`'s SQL for this handle and statement name, rendered the first time only. */
export function renderedOnce(db: Db, name: string, render: () => Rendered): Rendered {
  let byName = renderedByDb.get(db);
  if (!byName) {
    byName = new Map();
    renderedByDb.set(db, byName);
  }
  let query = byName.get(name);
  if (!query) {
    query = render();
    byName.set(name, query);
  }
  return query;
}

/** pg's parsers bypassed: every value comes as PostgreSQL's text. */
const asText = { getTypeParser: () => (value: string) => value };

/** The statement's rows as arrays of PostgreSQL's text, in its select's column order. */
export async function textRows<Row extends unknown[]>(
  db: Database,
  statement: { name: string; text: string; values: unknown[] },
): Promise<Row[]> {
  const result = await db.$client.query<Row>({ ...statement, rowMode: 'array', types: asText });
  // The database first: the page is written after the event loop has read the other results
  // waiting on its sockets (each sends its connection's next query as it is read), not before.
  // Under load the loop otherwise presents one page while PostgreSQL's finished backends wait
  // for their next statement: 4–9 % more pages per second in the orders bench (docs/benchmarks.md).
  await new Promise((resolve) => setImmediate(resolve));
  return result.rows;
}
