// The sandbox's mail: with no Google or Microsoft client configured, connecting goes through the
// local fake and the demo mailbox's emails are imported.
import { schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { SANDBOX_MAILBOX, SANDBOX_OUTLOOK_MAILBOX } from './sandbox-mail';
import { useTestServer } from './testing';

const server = useTestServer();

it.each([
  ['connectGmail', SANDBOX_MAILBOX],
  ['connectOutlook', SANDBOX_OUTLOOK_MAILBOX],
])(
  'the sandbox mailbox connects (%s) through the fake consent screen and its three emails arrive',
  async (procedure, address) => {
    const base = server.url;
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ json: { ...DEMO_LOGIN, client: 'web' } }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const started = await fetch(`${base}/trpc/email.${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({ json: { shared: true } }),
    });
    expect(started.status).toBe(200);
    const { result } = (await started.json()) as { result: { data: { json: { url: string } } } };
    const consent = await fetch(result.data.json.url, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    const back = await fetch(`${base}${callback.pathname}${callback.search}`, {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(back.headers.get('location')).toMatch(/email=connected/);
    const db = server.running.database.db;
    const [account] = await db
      .select()
      .from(schema.emailAccounts)
      .where(eq(schema.emailAccounts.address, address));
    expect(account).toBeDefined();
    const until = Date.now() + 10_000;
    let subjects: (string | null)[] = [];
    while (subjects.length < 3 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      subjects = (
        await db
          .select({ subject: schema.emails.subject })
          .from(schema.emails)
          .where(eq(schema.emails.emailAccountId, account?.id ?? ''))
      ).map((row) => row.subject);
    }
    expect(subjects.sort()).toEqual([
      'Commande pour la Tabaski',
      'Facture FA-2211 : 40 pagnes wax',
      'Nouvelle question d’un client sur « Pagne wax 6 yards »',
    ]);
  },
);
