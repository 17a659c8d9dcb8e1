// Members' email digests on the real PostgreSQL, through the real SMTP client against a local
// SMTP server: the switch is the member's own (audited), the team's alert emails and the daily
// digest honour it, and a digest lists the unread in-app notifications of the last day, once a
// day, at the business's morning, nothing when there are none.
import { schema } from '@flux/db';
import { type FakeSmtp, startFakeSmtp } from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { sendDailyDigests } from './digest';
import { type NotifyEvent, notify } from './index';
import { notificationProviders } from './providers';
import { sendNotification } from './send';

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(() => smtp?.close());
const app = useTestApp({
  notificationProviders: () =>
    notificationProviders({
      smtp: { host: smtp.host, port: smtp.port, secure: false, from: 'Flux <no-reply@flux.test>' },
      expo: null,
      sms: {},
      publicUrl: 'http://localhost:3000',
      timeoutMs: 2_000,
    }),
});

/** The hour it is now in this time zone (the digest's sweep is told to take it as the morning). */
const hourIn = (timeZone: string) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(),
    ),
  );

async function tell(event: NotifyEvent) {
  const rows = await app.services.db.transaction((tx) => notify(tx, app.services.jobs, event));
  for (const row of rows) await sendNotification(app.services, row.id);
  return rows;
}

const rowsFor = (businessId: string, userId: string, channel: 'email' | 'in_app') =>
  app.services.db
    .select()
    .from(schema.notifications)
    .where(
      and(
        eq(schema.notifications.businessId, businessId),
        eq(schema.notifications.recipientId, userId),
        eq(schema.notifications.channel, channel),
      ),
    );

async function team() {
  const owner = await app.signUp({ name: 'Awa Owner' });
  const agent = await app.signUp({ name: 'Bintou Agent' });
  const dispatcher = await app.signUp({ name: 'Cheikh Dispatch' });
  await app.join(owner, agent, 'agent');
  await app.join(owner, dispatcher, 'dispatcher');
  return { owner, agent, dispatcher };
}

it('the switch is the member’s own: on by default, turned off (audited), and the team’s alert emails then skip them', async () => {
  const { owner } = await team();
  await expect(owner.caller.notifications.myPreferences()).resolves.toEqual({ emailDigest: true });
  await tell({
    type: 'job.dead',
    businessId: owner.businessId,
    jobName: 'delivery.assign',
    jobId: crypto.randomUUID(),
    error: 'boom',
  });
  expect(await rowsFor(owner.businessId, owner.userId, 'email')).toHaveLength(1);

  await expect(
    owner.caller.notifications.setMyPreferences({ emailDigest: false }),
  ).resolves.toEqual({ emailDigest: false });
  await expect(owner.caller.notifications.myPreferences()).resolves.toEqual({ emailDigest: false });
  const audit = await app.services.db
    .select()
    .from(schema.auditLogs)
    .where(
      and(
        eq(schema.auditLogs.businessId, owner.businessId),
        eq(schema.auditLogs.action, 'membership.notification_preferences'),
      ),
    );
  expect(audit).toHaveLength(1);
  expect(audit[0]?.changes).toEqual({ emailDigest: { from: true, to: false } });

  await tell({
    type: 'job.dead',
    businessId: owner.businessId,
    jobName: 'delivery.assign',
    jobId: crypto.randomUUID(),
    error: 'boom again',
  });
  // In-app still (the bell), no second email.
  expect(await rowsFor(owner.businessId, owner.userId, 'in_app')).toHaveLength(2);
  expect(await rowsFor(owner.businessId, owner.userId, 'email')).toHaveLength(1);
  await expect(
    owner.caller.notifications.setMyPreferences({ emailDigest: 'no' as unknown as boolean }),
  ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});

it('the daily digest: one email per opted-in member with unread notifications of the last day, none for the others, once a day', async () => {
  const { owner, agent, dispatcher } = await team();
  // The agent, in the owner's business (their own is another).
  await agent.caller.notifications.setMyPreferences({
    businessId: owner.businessId,
    emailDigest: false,
  });
  const handoff = (key: string, reason: string) =>
    tell({
      type: 'conversation.handoff',
      businessId: owner.businessId,
      conversationId: crypto.randomUUID(),
      key,
      reason,
    });
  await handoff('a', 'Le client demande un remboursement');
  await handoff('b', 'Question sur la taille');
  await handoff('c', 'Adresse introuvable');
  // The owner opened one: it is not in the digest.
  const [opened] = (await rowsFor(owner.businessId, owner.userId, 'in_app')).filter((row) =>
    JSON.stringify(row.payload).includes('Adresse introuvable'),
  );
  await owner.caller.notifications.markRead({ id: opened?.id ?? '' });

  const [business] = await app.services.db
    .select({ timezone: schema.businesses.timezone })
    .from(schema.businesses)
    .where(eq(schema.businesses.id, owner.businessId));
  const hour = hourIn(business?.timezone ?? 'Africa/Dakar');
  // Another business whose morning is not now: its members get nothing on this run.
  const elsewhere = await app.signUp();
  await app.services.db
    .update(schema.businesses)
    .set({ timezone: hour === hourIn('Asia/Tokyo') ? 'America/New_York' : 'Asia/Tokyo' })
    .where(eq(schema.businesses.id, elsewhere.businessId));
  await tell({
    type: 'job.dead',
    businessId: elsewhere.businessId,
    jobName: 'x',
    jobId: crypto.randomUUID(),
    error: 'y',
  });

  const before = smtp.messages.length;
  await sendDailyDigests(app.services, { hour });
  const digests = await app.services.db
    .select()
    .from(schema.notifications)
    .where(eq(schema.notifications.event, 'digest.daily'));
  const ours = digests.filter(
    (row) => row.businessId === owner.businessId || row.businessId === elsewhere.businessId,
  );
  // The owner only: the agent turned digests off, the dispatcher has nothing unread.
  expect(ours.map((row) => row.recipientId)).toEqual([owner.userId]);
  expect(
    ours.some((row) => [agent.userId, dispatcher.userId].includes(row.recipientId ?? '')),
  ).toBe(false);
  for (const row of ours) expect(await sendNotification(app.services, row.id)).toBe('sent');
  const mails = smtp.messages.slice(before).filter((mail) => mail.to.includes(owner.email));
  expect(mails).toHaveLength(1);
  expect(mails[0]?.subject).toMatch(/: 2 notifications non lues$/);
  expect(mails[0]?.text).toContain('Le client demande un remboursement');
  expect(mails[0]?.text).toContain('Question sur la taille');
  expect(mails[0]?.text).not.toContain('Adresse introuvable');

  // The sweep again the same day (a retry, a second scheduler): nothing more.
  await sendDailyDigests(app.services, { hour });
  const again = await app.services.db
    .select()
    .from(schema.notifications)
    .where(
      and(
        eq(schema.notifications.event, 'digest.daily'),
        eq(schema.notifications.businessId, owner.businessId),
      ),
    );
  expect(again).toHaveLength(1);
});
