// The orders list as CSV, for a spreadsheet: the list's filters applied, French headers (English
// for an English shop), amounts as plain numbers in major units beside their currency, written
// page by page as PostgreSQL gives them (keyset pages, newest first): the answer starts before the
// last row is read, and a business's whole history is never held in memory.
import { currencyExponent } from '@flux/contracts';
import type { Db } from '@flux/db';
import {
  exportOrdersPage,
  type OrderExportFilters,
  type OrderExportRow,
} from '@flux/db/queries/order-list';
import { orderNumber } from './order-number';

const HEADERS = {
  fr: [
    'Commande',
    'Date',
    'Statut',
    'Client',
    'Téléphone',
    'Articles',
    'Sous-total',
    'Livraison',
    'Total',
    'Devise',
    'Mode de paiement',
    'Paiement',
    'Adresse de livraison',
  ],
  en: [
    'Order',
    'Date',
    'Status',
    'Customer',
    'Phone',
    'Items',
    'Subtotal',
    'Delivery',
    'Total',
    'Currency',
    'Payment method',
    'Payment',
    'Delivery address',
  ],
} as const;

const STATUS = {
  fr: {
    draft: 'Brouillon',
    pending: 'En attente',
    confirmed: 'Confirmée',
    preparing: 'En préparation',
    ready: 'Prête',
    out_for_delivery: 'En livraison',
    delivered: 'Livrée',
    cancelled: 'Annulée',
    failed: 'Échec de livraison',
    returned: 'Retournée',
  },
  en: {
    draft: 'Draft',
    pending: 'Pending',
    confirmed: 'Confirmed',
    preparing: 'Preparing',
    ready: 'Ready',
    out_for_delivery: 'Out for delivery',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
    failed: 'Delivery failed',
    returned: 'Returned',
  },
} as const;

const PAYMENT_METHOD = {
  fr: { cash_on_delivery: 'Paiement à la livraison', mobile_money: 'Mobile money', card: 'Carte' },
  en: { cash_on_delivery: 'Cash on delivery', mobile_money: 'Mobile money', card: 'Card' },
} as const;
const PAYMENT_STATUS = {
  fr: { unpaid: 'Non payée', paid: 'Payée', refunded: 'Remboursée' },
  en: { unpaid: 'Unpaid', paid: 'Paid', refunded: 'Refunded' },
} as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break, quotes
 * doubled. Text starting with = + - @ (or a tab / carriage return) is what a spreadsheet runs as
 * a formula: a customer named `=HYPERLINK(…)` must stay a name, so such text gets a leading `'`.
 * Numbers are written as numbers (a negative one is never text typed by someone).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (fields: (string | number | null)[]) =>
  `${fields.map(csvField).join(',')}\r\n`;

/** Minor units as a number of major units, exactly (XOF 2500 → 2500, EUR 1250 → 12.5). */
const major = (minor: number, currency: keyof typeof currencyExponent) =>
  minor / 10 ** currencyExponent[currency];

/** The date and time in the shop's timezone, as a spreadsheet reads it: 2026-11-27 14:05. */
function localDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function rowOf(row: OrderExportRow, locale: 'fr' | 'en', timeZone: string) {
  return csvRow([
    orderNumber(row.number),
    localDateTime(row.createdAt, timeZone),
    STATUS[locale][row.status],
    row.customerName,
    row.customerPhone,
    row.lines,
    major(row.subtotal, row.currency),
    major(row.deliveryFee, row.currency),
    major(row.total, row.currency),
    row.currency,
    PAYMENT_METHOD[locale][row.paymentMethod],
    PAYMENT_STATUS[locale][row.paymentStatus],
    row.deliveryAddress,
  ]);
}

export const EXPORT_PAGE_SIZE = 500;

/** The first line, after a UTF-8 byte order mark so that Excel reads the accents right. */
export const ordersCsvHeader = (locale: 'fr' | 'en') => `\uFEFF${csvRow([...HEADERS[locale]])}`;

/**
 * The CSV's text in chunks: the header (after a UTF-8 BOM, so that Excel reads accents right)
 * with the first page, then one chunk per page. A page is read only when the previous one was
 * taken by the consumer (a pull stream in apps/server): a slow phone download holds one page.
 */
export async function* ordersCsv(
  db: Db,
  params: {
    filters: OrderExportFilters;
    locale: 'fr' | 'en';
    timeZone: string;
    pageSize?: number;
  },
): AsyncGenerator<string> {
  const limit = params.pageSize ?? EXPORT_PAGE_SIZE;
  let after: { createdAt: Date; id: string } | undefined;
  let head = ordersCsvHeader(params.locale);
  for (;;) {
    const rows = await exportOrdersPage(db, { ...params.filters, limit, after });
    const text = rows.map((row) => rowOf(row, params.locale, params.timeZone)).join('');
    if (head || text) yield head + text;
    head = '';
    const last = rows.at(-1);
    if (!last || rows.length < limit) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
