/// <reference lib="dom" />
// The email side of the inbox in headless Chromium against the whole product in this process
// (the built app, the demo merchant, the worker) and a Google fake: the mailbox connected from the
// settings (the fake's consent screen), a new email pushed through Pub/Sub appearing live in the
// inbox with the AI's triage, unread until opened (counted in the menu's badge and the tab's
// title, listed by the "unread" filter), the reply sent with the AI's draft in the Gmail
// thread, and the thread on a phone. Screenshots go to docs/screenshots with UPDATE_SCREENSHOTS=1.
import { join } from 'node:path';
import type { EmailConfig } from '@flux/api';
import { type FakeGoogle, parseEmail, rfc822, startFakeGoogle } from '@flux/integrations';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotsDir, signInAsDemo, useFrenchDashboardPage } from '../test/browser';
import { useTestServer } from './testing';

const shots = screenshotsDir('email');

const MAILBOX = 'contact@boutique-awa.test';
const PHOTO = Buffer.from('ffd8ffe000104a464946000101', 'hex');
const AUDIENCE = 'https://flux.test/webhooks/gmail';
let google: FakeGoogle;
// Read by the server when it starts; the redirect URI is set once its port is known.
const config: EmailConfig = {
  importDays: 30,
  callTimeoutMs: 5_000,
  google: {
    clientId: 'flux-e2e.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-e2e',
    redirectUri: '',
    endpoints: { authorize: '', token: '', revoke: '' },
    gmailApiBaseUrl: '',
    pubsubTopic: 'projects/flux-e2e/topics/gmail',
    push: { audience: AUDIENCE, jwksUrl: '' },
  },
};

beforeAll(async () => {
  google = await startFakeGoogle({ defaultMailbox: MAILBOX });
  google.addMailbox(MAILBOX);
  google.deliver(
    MAILBOX,
    rfc822({
      from: 'Tissus Diallo <commandes@tissus-diallo.test>',
      to: MAILBOX,
      subject: 'Arrivage de wax',
      text: 'Bonjour, le nouvel arrivage de wax est disponible. Voici notre liste de prix.',
    }),
    { internalDate: Date.now() - 3_600_000 },
  );
  if (config.google) {
    config.google.endpoints = google.endpoints;
    config.google.gmailApiBaseUrl = google.url;
    if (config.google.push) config.google.push.jwksUrl = google.jwksUrl;
  }
});
afterAll(() => google?.close());

const server = useTestServer({ email: () => config });
beforeAll(() => {
  if (config.google) config.google.redirectUri = `${server.url}/oauth/google/callback`;
});
const dashboard = useFrenchDashboardPage({ context: { viewport: { width: 1280, height: 860 } } });
let page: Page;
beforeAll(() => {
  page = dashboard.page();
});

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** The menu's inbox badge as the page shows it (none: 0). */
async function inboxBadge(): Promise<number> {
  const badge = page.getByTestId('shell-menu').getByTestId('inbox-unread');
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

/** What the server counts as unread for this member now (chats and email threads). */
const unreadTotal = () =>
  page.evaluate(async () => {
    const answer = (await (await fetch('/trpc/conversations.unread')).json()) as {
      result: { data: { json: { total: number } } };
    };
    return answer.result.data.json.total;
  });

describe('email in the inbox', () => {
  it('connects the mailbox from the settings and shows its email in the inbox', async () => {
    await signInAsDemo(page, `${server.url}/sign-in`);
    await page.waitForURL((url) => url.pathname === '/inbox');
    await page.goto(`${server.url}/settings`);
    await page.getByRole('button', { name: 'Connecter Gmail' }).click();
    // The fake's consent screen signs in at once and Google's redirect comes back to the settings.
    await page.waitForURL(
      (url) => url.pathname === '/settings' && url.search.includes('email=connected'),
    );
    await page.getByTestId('mailboxes').getByText(MAILBOX).waitFor();
    await page.goto(`${server.url}/inbox?ch=email`);
    await page.getByTestId('email-thread-row').filter({ hasText: 'Tissus Diallo' }).waitFor();
  }, 90_000);

  it('a pushed email appears live beside the chats, triaged; the reply with the AI draft goes out in its thread', async () => {
    await page.getByRole('button', { name: 'Tous' }).click();
    // The WhatsApp conversations and the emails in one list.
    await page.getByTestId('conversation-row').first().waitFor();
    // The demo's unread chats, before any unread email: the badge and the tab's title agree.
    const before = await unreadTotal();
    await expect.poll(inboxBadge).toBe(before);
    const delivered = google.deliver(
      MAILBOX,
      rfc822({
        from: 'Aminata Sow <aminata.sow@example.test>',
        to: MAILBOX,
        subject: 'Commande pour la Tabaski',
        messageId: '<tabaski-1@example.test>',
        body: [
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Bonjour, je voudrais commander 3 pagnes pour la Tabaski, livrés à Dakar Plateau. Merci !',
          '--b1',
          'Content-Type: image/jpeg; name="modele.jpg"',
          'Content-Disposition: attachment; filename="modele.jpg"',
          'Content-Transfer-Encoding: base64',
          '',
          PHOTO.toString('base64'),
          '--b1--',
          '',
        ].join('\r\n'),
      }),
    );
    expect(
      await google.push(MAILBOX, { endpoint: `${server.url}/webhooks/gmail`, audience: AUDIENCE }),
    ).toBe(204);
    // No reload: the live event brings it, unread; the imported email is read.
    const row = page.getByTestId('email-thread-row').filter({ hasText: 'Aminata Sow' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByText('Commande', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('unread-count').textContent()).toBe('1');
    const imported = page.getByTestId('email-thread-row').filter({ hasText: 'Tissus Diallo' });
    expect(await imported.getByTestId('unread-count').count()).toBe(0);
    // One count for all that waits: the unread email joins the chats in the badge and the title.
    await expect.poll(inboxBadge, { timeout: 10_000 }).toBe(before + 1);
    expect(await page.title()).toBe(`(${before + 1}) FluxAsync`);
    // "Non lues" shows the unread email beside the unread chats, not the imported (read) one.
    await page.getByRole('button', { name: 'Non lues' }).click();
    await row.getByTestId('unread-count').waitFor();
    await imported.waitFor({ state: 'detached' });
    // The menu and the filtered list (no thread is open yet: the rest of the screen is blank).
    const list = await page.getByRole('region', { name: 'Conversations' }).boundingBox();
    await page.screenshot({
      path: join(shots, 'email-inbox-unread.png'),
      clip: { x: 0, y: 0, width: (list?.x ?? 0) + (list?.width ?? 544), height: 860 },
    });
    await page.getByRole('button', { name: 'Non lues' }).click();
    await imported.waitFor();
    await row.click();
    // Opened: read, and the badge drops.
    await row.getByTestId('unread-count').waitFor({ state: 'detached' });
    await expect.poll(inboxBadge, { timeout: 10_000 }).toBe(before);
    await page.waitForFunction(
      (n) => document.title === (n > 0 ? `(${n}) FluxAsync` : 'FluxAsync'),
      before,
    );
    const thread = page.getByTestId('email-thread');
    await thread.getByTestId('email-triage').getByText('Priorité haute').waitFor();
    await thread.getByTestId('use-ai-draft').click();
    const box = thread.getByRole('textbox', { name: 'Répondre' });
    expect(await box.inputValue()).toMatch(/^Bonjour,/);
    // The attachment downloads through its signed link, with this browser's session or without.
    const href = await thread.getByTestId('email-attachment').getAttribute('href');
    const download = await fetch(`${server.url}${href ?? ''}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PHOTO)).toBe(true);
    expect(
      (
        await fetch(
          `${server.url}${(href ?? '').replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAA')}`,
        )
      ).status,
    ).toBe(404);
    await shot('email-inbox-draft');
    const sentBefore = google.sent.length;
    await thread.getByRole('button', { name: 'Répondre', exact: true }).dblclick();
    await thread.getByTestId('email-message').filter({ hasText: 'Envoyé' }).waitFor();
    expect(google.sent.length).toBe(sentBefore + 1);
    const sent = google.sent.at(-1);
    expect(sent?.threadId).toBe(delivered.threadId);
    const parsed = await parseEmail(sent?.raw ?? Buffer.alloc(0));
    expect(parsed.inReplyTo).toBe('<tabaski-1@example.test>');
    expect(parsed.to).toEqual(['aminata.sow@example.test']);
    await shot('email-inbox');
  }, 90_000);

  it('on a phone the email thread takes the screen, with a way back to the list', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('email-thread').waitFor();
    expect(await page.getByTestId('conversation-list').isVisible()).toBe(false);
    await shot('email-inbox-phone');
    await page.getByTestId('back-to-list').click();
    await page.getByTestId('email-thread-row').first().waitFor();
  }, 60_000);
});
