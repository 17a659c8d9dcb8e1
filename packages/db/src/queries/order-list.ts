// Orders' list SQL: the dashboard's page of orders (one prepared statement per filter shape, lines
// aggregated in PostgreSQL, read in array mode) and the CSV export's pages, with the same filters
// and search. One order and the writes are orders.ts. Scoped by businessId.
import type { Amount, Currency } from '@flux/contracts';
import { and, desc, eq, fillPlaceholders, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Database, Db } from '../client';
import { orderItems, orders, prospects } from '../schema';
import { renderedOnce, textRows } from './text-rows';
import { ACCENTED, searchPatterns, UNACCENTED } from './text-search';

type OrderStatus = (typeof orders.$inferSelect)['status'];

export interface OrderListParams {
  businessId: string;
  limit: number;
  status?: OrderStatus[] | undefined;
  prospectId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  number?: number | undefined;
  /**
   * Free text: the order's number (when `number` is given) or its customer's name (case and
   * accents ignored) or phone (on its digits). A shape of its own: the default one is untouched.
   */
  search?: { text: string; number: number | null } | undefined;
  /** The last row of the previous page: rows strictly after it in (created_at, id) descending. */
  after?: { createdAt: Date; id: string } | undefined;
}

/**
 * A line as the list answers it, built by PostgreSQL (json_build_object) with the answer's field
 * names and shape: the presenter passes it on untouched.
 */
export interface OrderListLine {
  name: string;
  quantity: number;
  lineTotal: Amount;
}

/** Which optional filters a list call uses: one prepared statement per combination. */
interface ListShape {
  status: boolean;
  prospectId: boolean;
  from: boolean;
  to: boolean;
  number: boolean;
  after: boolean;
  search: boolean;
}

const shapeOf = (params: OrderListParams): ListShape => ({
  status: Boolean(params.status?.length),
  prospectId: Boolean(params.prospectId),
  from: params.from !== undefined,
  to: params.to !== undefined,
  number: params.number !== undefined,
  after: params.after !== undefined,
  search: params.search !== undefined,
});

// The search's flag is a suffix, so the statements' names without it are those they always had.
const shapeName = ({ search, ...shape }: ListShape) =>
  `orders_list_${Object.values(shape)
    .map((on) => (on ? '1' : '0'))
    .join('')}${search ? '_s' : ''}`;

/** The placeholders' values of one call, by the names the statement uses. */
const placeholderValues = (params: OrderListParams) => ({
  businessId: params.businessId,
  limit: params.limit + 1,
  status: params.status ?? [],
  prospectId: params.prospectId ?? null,
  from: params.from ?? null,
  to: params.to ?? null,
  number: params.number ?? null,
  afterAt: params.after?.createdAt.toISOString() ?? null,
  afterId: params.after?.id ?? null,
  ...searchValues(params.search),
});

function searchValues(search: OrderListParams['search']) {
  const patterns = search ? searchPatterns(search.text) : null;
  return {
    searchNumber: search?.number ?? null,
    searchName: patterns?.name ?? null,
    searchPhone: patterns?.phone ?? null,
    searchNational: patterns?.national ?? null,
  };
}

/**
 * The search's condition: the number, or a customer of the business whose name or phone
 * matches. A value that is null matches nothing (`= null` and `like null` are never true).
 *
 * The customers are read first, into an array (`= any(array(…))`), and their orders taken
 * through orders_prospect_idx, then sorted: the cost follows the orders that match. Written as
 * `prospect_id in (…)`, PostgreSQL walked the business's whole (business_id, created_at, id) index
 * looking for `limit` matches, every order of the business for a rare name or none at all (on the
 * bench's data, a business of 2,000 orders: 4,400 buffers for "client 17" against 680 this way;
 * docs/orders.md).
 */
function searchCondition(
  value: (name: keyof ReturnType<typeof searchValues> | 'businessId') => unknown,
) {
  return sql`(${orders.number} = ${value('searchNumber')}::integer or ${orders.prospectId} = any(array(
    select ${prospects.id} from ${prospects}
    where ${prospects.businessId} = ${value('businessId')}::uuid
      and (translate(${prospects.name}, ${ACCENTED}, ${UNACCENTED}) ilike ${value('searchName')}::text
        or ${prospects.phone} like ${value('searchPhone')}::text
        or ${prospects.phone} like ${value('searchNational')}::text))))`;
}

/**
 * The list's statement for one shape, with placeholders for every value: prepared once per
 * connection, PostgreSQL plans it once instead of at every call (planning was 1 ms of the 2.5 ms
 * the statement cost the database).
 *
 * The page is chosen first, in a subquery, then joined to its customers and lines. Joined before
 * the LIMIT, PostgreSQL multiplied the selectivities of `prospect_id` and `business_id`, expected
 * 40 rows where a business has thousands, and sorted all of them (26 ms); page first, it walks the
 * (business_id, created_at, id) index backwards and stops after `limit + 1` rows (1.5 ms).
 */
function listOrdersStatement(db: Db, shape: ListShape) {
  const filters: SQL[] = [eq(orders.businessId, sql.placeholder('businessId'))];
  if (shape.status) {
    filters.push(sql`${orders.status} = any(${sql.placeholder('status')}::order_status[])`);
  }
  if (shape.prospectId) filters.push(eq(orders.prospectId, sql.placeholder('prospectId')));
  if (shape.from) filters.push(gte(orders.createdAt, sql.placeholder('from')));
  if (shape.to) filters.push(lt(orders.createdAt, sql.placeholder('to')));
  if (shape.number) filters.push(eq(orders.number, sql.placeholder('number')));
  if (shape.search) filters.push(searchCondition((name) => sql.placeholder(name)));
  if (shape.after) {
    // A row comparison, which the (business_id, created_at, id) index walks as one range.
    filters.push(
      sql`(${orders.createdAt}, ${orders.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::uuid)`,
    );
  }
  // Only the columns the list shows (presentOrderSummary): fewer bytes for PostgreSQL to send and
  // pg to parse; the full order is orders.byId's.
  const pageOf = db
    .select({
      id: orders.id,
      businessId: orders.businessId,
      prospectId: orders.prospectId,
      number: orders.number,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      total: orders.total,
      currency: orders.currency,
      deliveryAddress: orders.deliveryAddress,
      conversationId: orders.conversationId,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(sql.placeholder('limit'))
    .as('page');
  // The lines of each order of the page, in the order they were added, as one JSON array
  // (OrderListLine[]) in text: the page and its lines are one round trip and one plan, the server
  // never groups rows itself, and passes the text on without parsing it. Written by string_agg,
  // not json_agg(json_build_object(…)): a page cost PostgreSQL 0.15–0.3 ms less and is 15 %
  // smaller (json_build_object writes " : " and ", " between everything). Names go through
  // to_json, which escapes them; quantities and amounts are integers, and the currency is one of
  // the known codes (the orders_currency_known check): neither needs escaping.
  const lines = sql<string>`coalesce('[' || (
    select string_agg(
      '{"name":' || to_json(${orderItems.name})::text || ',"quantity":' || ${orderItems.quantity} ||
      ',"lineTotal":{"minor":' || ${orderItems.lineTotal} || ',"currency":"' || ${pageOf.currency} || '"}}',
      ',' order by ${orderItems.createdAt}, ${orderItems.id})
    from ${orderItems}
    where ${orderItems.orderId} = ${pageOf.id} and ${orderItems.businessId} = ${pageOf.businessId}
  ) || ']', '[]')`;
  return db
    .select({
      id: pageOf.id,
      number: pageOf.number,
      status: pageOf.status,
      paymentMethod: pageOf.paymentMethod,
      total: pageOf.total,
      currency: pageOf.currency,
      deliveryAddress: pageOf.deliveryAddress,
      conversationId: pageOf.conversationId,
      // Milliseconds since the epoch: a number the server writes as ISO text itself (pg parsing
      // PostgreSQL's timestamp text into a Date cost more).
      createdAtMs: sql<string>`floor(extract(epoch from ${pageOf.createdAt}) * 1000)::int8`,
      prospectName: prospects.name,
      prospectPhone: prospects.phone,
      items: lines,
    })
    .from(pageOf)
    .innerJoin(
      prospects,
      and(eq(prospects.id, pageOf.prospectId), eq(prospects.businessId, pageOf.businessId)),
    )
    .orderBy(desc(pageOf.createdAt), desc(pageOf.id));
}

/**
 * A row of the list as pg gives it with no type parsing, in the select's column order: every
 * value is PostgreSQL's text. `number` and `total` are integers, `createdAtMs` the creation time
 * in milliseconds since the epoch, `items` the lines as a JSON array of OrderListLine.
 */
export type OrderListRow = [
  id: string,
  number: string,
  status: OrderStatus,
  paymentMethod: (typeof orders.$inferSelect)['paymentMethod'],
  total: string,
  currency: Currency,
  deliveryAddress: string | null,
  conversationId: string | null,
  createdAtMs: string,
  prospectName: string | null,
  prospectPhone: string,
  items: string,
];

/**
 * An order as orders.list answers it: what the list's screens show (presenters/order.ts says
 * which and why), written from an OrderListRow by presentOrderSummaryJson in @flux/api.
 */
export interface OrderSummary {
  id: string;
  number: number;
  /** "CMD-000042". */
  reference: string;
  status: OrderStatus;
  paymentMethod: (typeof orders.$inferSelect)['paymentMethod'];
  total: Amount;
  deliveryAddress: string | null;
  conversationId: string | null;
  createdAt: Date;
  prospect: { name: string | null; phone: string };
  items: OrderListLine[];
}

/**
 * The SQL text, its name and its values for one call, as `listOrders` sends them: the bench runs
 * exactly this bare through pg, as the floor the HTTP path is measured against.
 */
export function listOrdersSql(db: Db, params: OrderListParams) {
  const shape = shapeOf(params);
  const name = shapeName(shape);
  const query = renderedOnce(db, name, () => listOrdersStatement(db, shape).toSQL());
  return {
    name,
    text: query.sql,
    values: fillPlaceholders(query.params, placeholderValues(params)),
  };
}

/**
 * A page of orders with their customer and lines, newest first; `limit + 1` rows at most.
 *
 * Sent through the pool as `listOrdersSql` renders it (named: pg prepares it once per connection),
 * rows in array mode with no type parsing: no Date and no JSON parsed. The presenter writes each
 * order's JSON text from these values, the lines' JSON as PostgreSQL wrote it
 * (presentOrderSummaryJson in @flux/api): parsing the lines into objects, walking them and
 * writing them out again was most of what the server spent on a page (docs/benchmarks.md).
 * PostgreSQL writing the whole order's JSON was tried too, and cost it more than it saved.
 */
export function listOrders(db: Database, params: OrderListParams): Promise<OrderListRow[]> {
  return textRows<OrderListRow>(db, listOrdersSql(db, params));
}

/** The list's filters, as the CSV export applies them (the same meaning as `OrderListParams`). */
export type OrderExportFilters = Omit<OrderListParams, 'limit' | 'after'>;

/**
 * One page of the CSV export, newest first, after a (created_at, id) position: the columns of a
 * spreadsheet row, lines as one text ("2 × Pagne wax, 1 × Savon"). Pages of a few hundred rows
 * are read one after the other as the answer is written (services/orders-export.ts): never the
 * whole list at once. The same index as the list's serves it.
 */
export function exportOrdersPage(
  db: Db,
  params: OrderExportFilters & { limit: number; after?: { createdAt: Date; id: string } },
) {
  const values = {
    businessId: params.businessId,
    ...searchValues(params.search),
  };
  const filters: (SQL | undefined)[] = [
    eq(orders.businessId, params.businessId),
    params.status?.length ? inArray(orders.status, params.status) : undefined,
    params.prospectId ? eq(orders.prospectId, params.prospectId) : undefined,
    params.from ? gte(orders.createdAt, params.from) : undefined,
    params.to ? lt(orders.createdAt, params.to) : undefined,
    params.number !== undefined ? eq(orders.number, params.number) : undefined,
    params.search ? searchCondition((name) => values[name]) : undefined,
    params.after
      ? sql`(${orders.createdAt}, ${orders.id}) < (${params.after.createdAt.toISOString()}::timestamptz, ${params.after.id}::uuid)`
      : undefined,
  ];
  const lines = sql<string>`coalesce((
    select string_agg(${orderItems.quantity} || ' × ' || ${orderItems.name}, ', '
      order by ${orderItems.createdAt}, ${orderItems.id})
    from ${orderItems}
    where ${orderItems.orderId} = ${orders.id} and ${orderItems.businessId} = ${orders.businessId}
  ), '')`;
  return db
    .select({
      id: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      status: orders.status,
      customerName: prospects.name,
      customerPhone: prospects.phone,
      lines,
      subtotal: orders.subtotal,
      deliveryFee: orders.deliveryFee,
      total: orders.total,
      currency: orders.currency,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      deliveryAddress: orders.deliveryAddress,
    })
    .from(orders)
    .innerJoin(
      prospects,
      and(eq(prospects.id, orders.prospectId), eq(prospects.businessId, orders.businessId)),
    )
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(params.limit);
}
export type OrderExportRow = Awaited<ReturnType<typeof exportOrdersPage>>[number];
