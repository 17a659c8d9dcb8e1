// What the mail webhook tests share (gmail.test.ts, outlook.test.ts): the demo's sign-in, a
// connection through the browser (tRPC, the fake's consent screen, our callback), waiting for
// the worker, and counting the syncs queued.
import { DEMO_LOGIN } from '@flux/db/seed';
import { sql } from 'drizzle-orm';
import type { useTestServer } from '../testing';

type Db = ReturnType<typeof useTestServer>['running']['database']['db'];

/** The demo owner's session cookie. */
export async function signInDemo(base: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { ...DEMO_LOGIN, client: 'web' } }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export async function waitFor<T>(read: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * email.connectGmail / connectOutlook over HTTP, then the browser through the provider's consent
 * to our callback (with `callbackCookie`, or none): where the callback sends the browser.
 */
export async function connectThroughBrowser(params: {
  base: string;
  cookie: string;
  callbackCookie: string;
  procedure: 'connectGmail' | 'connectOutlook';
  loginHint: string;
}) {
  const { base } = params;
  const started = await fetch(`${base}/trpc/email.${params.procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie: params.cookie },
    body: JSON.stringify({ json: { shared: true, loginHint: params.loginHint } }),
  });
  if (started.status !== 200) throw new Error(`${params.procedure} answered ${started.status}`);
  const { result } = (await started.json()) as { result: { data: { json: { url: string } } } };
  const consent = await fetch(result.data.json.url, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const back = await fetch(`${base}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: params.callbackCookie ? { cookie: params.callbackCookie } : {},
  });
  return back.headers.get('location') ?? '';
}

export async function queuedSyncs(db: Db) {
  const result = await db.execute<{ count: number }>(
    sql`select count(*)::int as count from pgboss.job where name = 'email.sync'`,
  );
  return result.rows[0]?.count ?? 0;
}
