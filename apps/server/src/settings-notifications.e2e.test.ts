/// <reference lib="dom" />
// The notification settings in a real browser (Debian's Chromium through playwright-core) against
// the whole product in this process: the demo merchant's owner turns a customer message off and
// sets quiet hours, turns their own email digests off, connects an Africa's Talking account, and
// submits the WhatsApp templates the notifications need to the WhatsApp sandbox (the local fake of
// Meta the server runs in tests).
// Screenshots at 1440 and 390 px go to docs/screenshots with UPDATE_SCREENSHOTS=1.
import { join } from 'node:path';
import { DEMO_LOGIN, DEMO_SLUG } from '@flux/db/seed';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  screenshotFailures,
  screenshotsDir,
  screenshotWithoutToasts,
  signInAsDemo,
  useFrenchDashboardPage,
} from '../test/browser';
import { useTestServer } from './testing';

const shots = screenshotsDir('settings');

const server = useTestServer();
const dashboard = useFrenchDashboardPage({
  context: { viewport: { width: 1440, height: 900 } },
  prepare: (context) => context.grantPermissions(['clipboard-read', 'clipboard-write']),
});
let page: Page;
beforeAll(() => {
  page = dashboard.page();
});

/** The page as it stands, without the toasts of earlier steps. */
const shot = (name: string) => screenshotWithoutToasts(page, join(shots, `${name}.png`));
screenshotFailures(() => page, shots, { label: 'settings e2e' });

/** A settings card, by its title. */
const card = (title: string) =>
  page.locator('section', { has: page.getByRole('heading', { name: title, exact: true }) }).last();

describe('notification settings in a browser', () => {
  it('the owner keeps a message off and quiet hours across a reload, connects SMS and submits the templates', async () => {
    await signInAsDemo(page, `${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Paramètres' }).click();

    // Customer notifications: "delivered" off, quiet hours 22:30 → 07:00 in the business's zone.
    const notifications = card('Notifications aux clients');
    await notifications.getByLabel('Commande livrée').uncheck();
    await notifications.getByLabel('Début').fill('22:30');
    await notifications.getByLabel('Fin', { exact: true }).fill('07:00');
    await notifications.getByText('Africa/Dakar').waitFor();
    await expect(notifications.getByTestId('urgent-note').textContent()).resolves.toContain(
      'Commande en route',
    );
    await notifications.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Notifications enregistrées').waitFor();

    await page.reload();
    await notifications.getByLabel('Commande livrée').waitFor();
    expect(await notifications.getByLabel('Commande livrée').isChecked()).toBe(false);
    expect(await notifications.getByLabel('Commande confirmée').isChecked()).toBe(true);
    expect(await notifications.getByLabel('Début').inputValue()).toBe('22:30');
    expect(await notifications.getByLabel('Fin', { exact: true }).inputValue()).toBe('07:00');
    const { db } = server.running.database;
    const stored = await db.execute<{ notifications: unknown }>(
      sql`select settings->'notifications' as notifications from businesses where slug = ${DEMO_SLUG}`,
    );
    expect(stored.rows[0]?.notifications).toMatchObject({
      customer: { events: { 'order.delivered': false, 'order.confirmed': true } },
      quietHours: { start: '22:30', end: '07:00' },
    });

    // The owner's own email digests (not the business's): off at once, kept across a reload.
    const digest = notifications.getByTestId('email-digest-switch');
    expect(await digest.isChecked()).toBe(true);
    await digest.uncheck();
    await page.getByText('Préférence enregistrée').waitFor();
    await page.reload();
    await digest.waitFor();
    await expect.poll(() => digest.isChecked()).toBe(false);
    const kept = await db.execute<{ email_digest: boolean }>(
      sql`select m.email_digest from memberships m join users u on u.id = m.user_id
          join businesses b on b.id = m.business_id
          where u.email = ${DEMO_LOGIN.email} and b.slug = ${DEMO_SLUG}`,
    );
    expect(kept.rows[0]?.email_digest).toBe(false);

    // SMS: a refused field is said in French beside it, then Africa's Talking connects.
    const sms = card('Compte SMS');
    await sms.getByLabel('Fournisseur').selectOption('twilio');
    await sms.getByLabel('Account SID').fill('nope');
    await sms.getByLabel('Auth token').fill('0123456789abcdef0123456789abcdef');
    await sms.getByLabel('Expéditeur').fill('+33757000000');
    await sms.getByRole('button', { name: 'Connecter le compte SMS' }).click();
    await sms.getByText('Un Account SID Twilio commence par AC').waitFor();
    const key = 'atsk_0123456789abcdef0123456789abcdef';
    await sms.getByLabel('Fournisseur').selectOption('africastalking');
    await sms.getByLabel('Nom d’utilisateur').fill('boutique-awa');
    await sms.getByLabel('Clé API').fill(key);
    await sms.getByLabel('Expéditeur (facultatif)').fill('');
    await sms.getByRole('button', { name: 'Connecter le compte SMS' }).click();
    await page.getByText('Compte SMS connecté').waitFor();
    await sms.getByTestId('sms-account').getByText('boutique-awa').waitFor();
    const reportsUrl = new URL(await sms.getByLabel('URL des rapports de remise').inputValue());
    expect(reportsUrl.pathname).toBe('/webhooks/sms/africastalking');
    await sms.getByText('SMS Callback URLs').waitFor();
    await sms.getByRole('button', { name: 'Copier l’URL' }).click();
    await page.getByText('URL copiée').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reportsUrl.href);
    expect(await page.content()).not.toContain(key);

    // WhatsApp templates: the demo number's missing ones go to Meta (the sandbox) in one click.
    const templates = card('Modèles de messages WhatsApp');
    await templates.getByTestId('template-row').first().waitFor();
    const missing = await templates
      .getByTestId('template-row')
      .filter({ hasText: 'Pas encore soumis' })
      .count();
    expect(missing).toBeGreaterThan(0);
    await templates.getByText('{{1}}').first().waitFor();
    // The whole settings page at 1440 px (the window as tall as the page scrolls), then each of
    // these cards on a 390 px phone screen.
    const tall = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 900);
    await page.setViewportSize({ width: 1440, height: tall });
    await shot('settings-notifications');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, part] of [
      ['settings-notifications-390', card('Notifications aux clients')],
      [
        'settings-notifications-390-quiet',
        notifications.getByRole('group', { name: /Heures calmes/ }),
      ],
      ['settings-notifications-390-sms', card('Compte SMS')],
      ['settings-notifications-390-templates', card('Modèles de messages WhatsApp')],
    ] as const) {
      await part.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shot(name);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await templates.getByRole('button', { name: 'Soumettre les modèles manquants à Meta' }).click();
    await page.getByText(`${missing} modèles soumis à Meta`).waitFor();
    await templates.getByText('En revue chez Meta').first().waitFor();
    expect(
      await templates.getByTestId('template-row').filter({ hasText: 'Pas encore soumis' }).count(),
    ).toBe(0);
    expect(
      await templates
        .getByRole('button', { name: 'Soumettre les modèles manquants à Meta' })
        .count(),
    ).toBe(0);
  });
});
