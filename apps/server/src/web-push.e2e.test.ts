/// <reference lib="dom" />
// Web Push in a real browser (Debian's Chromium through playwright-core) against the whole product
// in this process, the worker included: the demo owner turns on "Notifications sur ce téléphone",
// a customer writes on WhatsApp, the server's push reaches the local push service (RFC 8030, which
// verifies the VAPID JWT and decrypts the payload with the browser's key), and that very payload,
// delivered to the page's service worker over CDP (ServiceWorker.deliverPushMessage), shows a
// notification. Turning the switch off makes the server forget it. A tap on the notification (a
// `notificationclick` in the worker) brings the dashboard's tab forward and opens the
// conversation there, in a tab the worker controls and in one it does not.
//
// The shim: headless Chromium has no push service to subscribe with (pushManager.subscribe asks
// Google's FCM, which this machine cannot reach), so an init script stands in for
// PushManager.subscribe/getSubscription only. It gives the page a subscription of the local push
// service (endpoint and keys made by startFakeWebPush, like a browser's) and records the
// applicationServerKey the page passed. The tap, likewise: headless Chromium has no notification
// to click and lets a worker focus a window only from a click it made itself, so the test
// dispatches the click in the worker and records `WindowClient.focus` (tapNotification). Everything
// else is the product's own code: the permission request, the tRPC calls, the server's encryption
// and VAPID, the service worker.

import { vapidConfig } from '@flux/api';
import { DEMO_LOGIN } from '@flux/db/seed';
import {
  type FakeWebPush,
  type FakeWebPushSubscription,
  startFakeWebPush,
} from '@flux/integrations';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAsDemo, useFrenchDashboardPage } from '../test/browser';
import { postDemoCustomerText } from '../test/http';
import { useTestServer } from './testing';

const server = useTestServer();
let pushService: FakeWebPush;
let phone: FakeWebPushSubscription;
beforeAll(async () => {
  pushService = await startFakeWebPush();
  phone = pushService.subscribe();
});
afterAll(async () => {
  await pushService?.close();
});

const dashboard = useFrenchDashboardPage({
  context: { viewport: { width: 390, height: 844 } },
  async prepare(context) {
    await context.grantPermissions(['notifications'], { origin: server.url });
    await context.addInitScript((subscription) => {
      const state = globalThis as unknown as { fluxPushKey?: string };
      const stored = () => localStorage.getItem('shim.push') === 'on';
      const fake = (key: ArrayBuffer) => ({
        endpoint: subscription.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: key },
        toJSON: () => ({ endpoint: subscription.endpoint, keys: subscription.keys }),
        unsubscribe: async () => {
          localStorage.removeItem('shim.push');
          return true;
        },
      });
      const keyOf = () => {
        const saved = localStorage.getItem('shim.push.key') ?? '';
        return Uint8Array.from(atob(saved), (c) => c.charCodeAt(0)).buffer;
      };
      PushManager.prototype.subscribe = async function subscribe(options) {
        const key = new Uint8Array(options?.applicationServerKey as ArrayBuffer);
        const base64 = btoa(String.fromCharCode(...key));
        state.fluxPushKey = base64;
        localStorage.setItem('shim.push', 'on');
        localStorage.setItem('shim.push.key', base64);
        return fake(key.buffer) as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function getSubscription() {
        return (stored() ? fake(keyOf()) : null) as unknown as PushSubscription | null;
      };
    }, phone);
  },
});
let context: BrowserContext;
let page: Page;
beforeAll(() => {
  context = dashboard.context();
  page = dashboard.page();
});

const switchOf = () => page.getByRole('switch', { name: 'Notifications sur ce téléphone' });
const subscriptionsOf = async () => {
  const { db } = server.running.database;
  const rows = await db.execute<{ endpoint: string; email: string }>(
    sql`select s.endpoint, u.email from web_push_subscriptions s join users u on u.id = s.user_id`,
  );
  return rows.rows;
};

/** A push delivered to the page's service worker over CDP, as the browser delivers one. */
async function deliverToServiceWorker(payload: unknown) {
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const found = registrations.find((r) => r.scopeURL === `${server.url}/`);
      if (found) resolve(found.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: server.url,
    registrationId: await registrationId,
    data: JSON.stringify(payload),
  });
  await cdp.detach();
}

/**
 * Taps the service worker's notification tagged `tag`: a `notificationclick` dispatched in the
 * worker itself (headless Chromium shows no notification to click). A window may be focused only
 * from a click the browser made, so `WindowClient.focus` is replaced there by a recorder: the one
 * stand-in, the worker's own handler does the rest. Resolves with the URLs of the tabs focused.
 */
async function tapNotification(tag: string): Promise<string[]> {
  const worker = context.serviceWorkers().find((w) => new URL(w.url()).pathname === '/sw.js');
  if (!worker) throw new Error('no service worker');
  return worker.evaluate(async (wanted) => {
    // The worker's globals, which the DOM types of this file do not describe.
    const scope = globalThis as unknown as {
      registration: ServiceWorkerRegistration;
      WindowClient: { prototype: { focus: () => Promise<unknown> } };
      NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
      dispatchEvent: (event: Event) => boolean;
    };
    const focused: string[] = [];
    scope.WindowClient.prototype.focus = async function focus(this: { url: string }) {
      focused.push(this.url);
      return this;
    };
    const [notification] = await scope.registration.getNotifications({ tag: wanted });
    if (!notification) throw new Error(`no notification tagged ${wanted}`);
    scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification }));
    for (let waited = 0; focused.length === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return focused;
  }, tag);
}

/** The notifications the service worker shows, as the page reads them. */
const shown = () =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      url: (n.data as { url?: string } | null)?.url,
    }));
  });

describe('web push in a browser', () => {
  /** What the server pushed for the customer's message (the second test). */
  let pushed = { url: '', tag: '' };

  it('the switch subscribes this phone with the server’s VAPID key', async () => {
    await signInAsDemo(page, `${server.url}/sign-in`);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto(`${server.url}/settings`);
    // The service worker main.tsx registers is the one pushes go to.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await switchOf().waitFor();
    await expect.poll(() => switchOf().isEnabled()).toBe(true);
    expect(await switchOf().isChecked()).toBe(false);
    // Controlled: it turns on once the browser and the server have said yes (not at the click).
    await switchOf().click();
    await page.getByText('Notifications activées sur ce téléphone').waitFor();
    expect(await subscriptionsOf()).toEqual([
      { endpoint: phone.endpoint, email: DEMO_LOGIN.email },
    ]);
    const key = await page.evaluate(() => (globalThis as { fluxPushKey?: string }).fluxPushKey);
    expect(Buffer.from(key ?? '', 'base64').toString('base64url')).toBe(vapidConfig()?.publicKey);
    // Still on after a reload (this browser's subscription).
    await page.reload();
    await expect.poll(() => switchOf().isChecked()).toBe(true);
  });

  it('a customer’s message reaches the push service, and the service worker shows it', async () => {
    await postDemoCustomerText(
      server.url,
      { waId: '221770008888', name: 'Fatou Push' },
      'Le boubou vert est encore là ?',
    );
    await expect
      .poll(() => pushService.received.filter((r) => r.subscriptionId === phone.id).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [received] = pushService.received;
    expect(received?.payload).toMatchObject({
      title: 'Fatou Push',
      body: 'Le boubou vert est encore là ?',
    });
    expect(received?.vapidKey).toBe(vapidConfig()?.publicKey);

    // The same (decrypted) payload, pushed into the page's service worker as the browser would.
    await deliverToServiceWorker(received?.payload);
    // A generous guard: the worker's showNotification took over vitest's default second once in
    // CI, on two cores shared with the other isolated tests' servers.
    await expect.poll(shown, { timeout: 10_000 }).toHaveLength(1);
    const [notification] = await shown();
    pushed = received?.payload as typeof pushed;
    expect(notification).toEqual({
      title: 'Fatou Push',
      body: 'Le boubou vert est encore là ?',
      tag: pushed.tag,
      url: pushed.url,
    });
    expect(pushed.url).toMatch(/^\/inbox\?c=[0-9a-f-]{36}$/);
  });

  it('turning the switch off makes the server forget this phone', async () => {
    await switchOf().click();
    await page.getByText('Notifications désactivées sur ce téléphone').waitFor();
    expect(await switchOf().isChecked()).toBe(false);
    expect(await subscriptionsOf()).toEqual([]);
  });

  it('a tap on the notification brings the dashboard’s tab forward and opens the conversation in it', async () => {
    // The notification of the second test is still shown; this tab is on the settings.
    const tab = page.url();
    expect(new URL(tab).pathname).toBe('/settings');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await tapNotification(pushed.tag)).toEqual([tab]);
    await page.waitForURL(`${server.url}${pushed.url}`);
    await page.getByTestId('thread-title').getByText('Fatou Push').waitFor();
    // The tap closed it.
    await expect.poll(shown).toEqual([]);
  });

  it('a tab the worker does not control (reloaded past it) is told where to go, and goes', async () => {
    await page.goto(`${server.url}/settings`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    await page.reload();
    try {
      expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
      await deliverToServiceWorker(pushed);
      await expect.poll(shown, { timeout: 10_000 }).toHaveLength(1);
      // Read before the tap: the tab may be on the conversation by the time the tap resolves.
      const tab = page.url();
      expect(await tapNotification(pushed.tag)).toEqual([tab]);
      await page.waitForURL(`${server.url}${pushed.url}`);
      await page.getByTestId('thread-title').getByText('Fatou Push').waitFor();
    } finally {
      await cdp.send('Network.setBypassServiceWorker', { bypass: false });
      await cdp.detach();
    }
  });
});
