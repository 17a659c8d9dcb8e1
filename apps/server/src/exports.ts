// `GET /exports/orders.csv`: the orders list as a spreadsheet, under the dashboard's session cookie.
// The query string carries the list's filters (status, q, from, to, prospectId) and optionally
// businessId; the permission and the filters go through orders.exportScope (the same procedure
// ladder and zod as the tRPC calls), then the CSV is streamed page by page: a pull stream reads a
// page of PostgreSQL rows only when the previous one was taken, and no connection is held between
// pages. A GET carrying the cookie needs no CSRF check: it changes nothing, and another site can
// make the browser download it but cannot read it.
import {
  type AppServices,
  createCaller,
  createContext,
  ordersCsv,
  ordersCsvHeader,
} from '@flux/api';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';

export interface ExportOptions {
  clientIp: (c: Context) => string | null;
  secureCookies: boolean;
  /** Rows per page read from PostgreSQL (tests make it small). */
  pageSize?: number;
}

/** The list's filters as the procedure takes them, from the query string. */
function filtersFrom(c: Context) {
  const query = c.req.query();
  const date = (value: string | undefined) => (value ? new Date(value) : undefined);
  const status = c.req
    .queries('status')
    ?.flatMap((value) => value.split(','))
    .filter(Boolean);
  return {
    ...(query.businessId ? { businessId: query.businessId } : {}),
    ...(status?.length ? { status } : {}),
    ...(query.prospectId ? { prospectId: query.prospectId } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.from ? { from: date(query.from) } : {}),
    ...(query.to ? { to: date(query.to) } : {}),
  };
}

export function exportRoutes(services: AppServices, options: ExportOptions) {
  const app = new Hono();
  app.get('/orders.csv', async (c) => {
    const resHeaders = new Headers();
    const ctx = await createContext(services, {
      headers: c.req.raw.headers,
      resHeaders,
      ip: options.clientIp(c),
      secureCookies: options.secureCookies,
    });
    let scope: Awaited<ReturnType<ReturnType<typeof createCaller>['orders']['exportScope']>>;
    try {
      // The input's type is the procedure's; the query string is checked by its zod.
      scope = await createCaller(ctx).orders.exportScope(filtersFrom(c) as never);
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      const issues =
        error.cause instanceof ZodError
          ? error.cause.issues.map((issue) => ({
              path: issue.path.join('.'),
              message: issue.message,
            }))
          : undefined;
      return c.json(
        { error: error.message, ...(issues ? { issues } : {}) },
        getHTTPStatusCodeFromError(error) as ContentfulStatusCode,
        { 'cache-control': 'no-store' },
      );
    }
    const headers = new Headers({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="commandes-${scope.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    for (const cookie of resHeaders.getSetCookie()) headers.append('set-cookie', cookie);
    const { filters } = scope;
    // A number that cannot be one ("CMD-x"): the header alone, as the list shows nothing.
    if (!filters) return new Response(ordersCsvHeader(scope.locale), { headers });
    const chunks = ordersCsv(services.db, {
      filters: { ...filters, businessId: scope.businessId },
      locale: scope.locale,
      timeZone: scope.timeZone,
      pageSize: options.pageSize,
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const next = await chunks.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(next.value));
          } catch (error) {
            // The status line is gone already: the download ends cut short, and we log why.
            services.log.error(
              { err: error, businessId: scope.businessId },
              'orders export failed',
            );
            controller.error(error);
          }
        },
        async cancel() {
          await chunks.return(undefined);
        },
      },
      // Nothing read ahead: a page is read when the socket (or a test) asks for the next chunk.
      { highWaterMark: 0 },
    );
    return new Response(body, { headers });
  });
  return app;
}
