// The Outlook part of a mailbox's sync (the claim, budget and outcome are syncMailbox's, in
// sync.ts): Graph's message delta of the inbox and of sent items, each folder's place kept as the
// link Graph gave (a nextLink mid-round, the deltaLink after it) in `sync_cursor`, saved after
// every page so a stopped run resumes there. The first round (the import) asks for the last N
// days; a link Graph no longer knows (410: syncStateNotFound, resyncRequired) starts the bounded
// resync shared with Gmail, i.e. new rounds from the gap's start. Each message is stored once: by
// its Graph id, and by its Message-ID (Graph gives a moved message a new id).
//
// The subscription (change notifications to /webhooks/outlook) is created by the first sync and
// renewed when it has under a day left; `email.sync-all` every 15 minutes is its clock.
import { randomBytes } from 'node:crypto';
import { storedMessageIdHeaders } from '@flux/db/queries/emails';
import {
  type GraphClient,
  type GraphDeltaMessage,
  isDeltaGone,
  OUTLOOK_FOLDERS,
  type OutlookFolder,
  ProviderError,
} from '@flux/integrations';
import { microsoftConfig } from './microsoft';
import {
  call,
  DAY_MS,
  notFoundAsNull,
  outOfTime,
  type Run,
  rowFromMime,
  type SyncedRun,
  setAccount,
  startResync,
  storeMessages,
} from './sync-run';

/** Graph keeps a mail subscription under 4230 minutes; ours asks a little less. */
export const OUTLOOK_SUBSCRIPTION_MINUTES = 4200;
/** Renewed when under a day is left (a missed renewal leaves two more days of sweeps). */
const SUBSCRIPTION_RENEW_MARGIN_MS = DAY_MS;
/** What the subscription watches: new mail in the inbox (sent mail comes with each sync). */
export const OUTLOOK_SUBSCRIBED_RESOURCE = "me/mailFolders('inbox')/messages";

type Cursor = Partial<Record<OutlookFolder, string>>;

function cursorOf(value: string | null): Cursor {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Cursor) : {};
  } catch {
    return {};
  }
}

export async function syncOutlook(run: Run<GraphClient>): Promise<SyncedRun> {
  let resynced = false;
  for (;;) {
    if (run.account.importStatus === 'pending') await beginRounds(run);
    try {
      const more = await readDeltas(run);
      await renewSubscriptionIfDue(run);
      return { resynced, more, stored: run.stored };
    } catch (error) {
      // Once a run: a second 410 right after a fresh round is Graph's problem, retried later.
      if (!isDeltaGone(error) || resynced) throw error;
      await startResync(run);
      resynced = true;
    }
  }
}

/** New rounds over the import's window: both folders from the start, the progress from zero. */
async function beginRounds(run: Run<GraphClient>) {
  const { account } = run;
  await setAccount(run, {
    importStatus: 'running',
    importSince: account.importSince ?? new Date(Date.now() - account.importDays * DAY_MS),
    importListed: 0,
    importDone: 0,
    importPageToken: null,
    syncCursor: JSON.stringify({}),
  });
}

/** Each folder's delta to its deltaLink. True when the budget ran out first. */
async function readDeltas(run: Run<GraphClient>): Promise<boolean> {
  const cursor = cursorOf(run.account.syncCursor);
  const since = run.account.importSince ?? new Date(Date.now() - run.account.importDays * DAY_MS);
  for (const folder of OUTLOOK_FOLDERS) {
    for (let first = true; ; first = false) {
      if (!first && outOfTime(run)) return true;
      const link = cursor[folder];
      const page = await call(run, (graph) =>
        graph.delta(
          folder,
          link ? { link, pageSize: run.pageSize } : { since, pageSize: run.pageSize },
        ),
      );
      const items = page.value.filter((item) => !item['@removed'] && !item.isDraft);
      if (!(await storeOutlookMessages(run, folder, items))) return true;
      const next = page['@odata.nextLink'] ?? page['@odata.deltaLink'];
      if (!next) throw new Error('graph: a delta page with neither nextLink nor deltaLink');
      cursor[folder] = next;
      const importing = run.account.importStatus === 'running';
      await setAccount(run, {
        syncCursor: JSON.stringify(cursor),
        ...(importing
          ? {
              importListed: run.account.importListed + items.length,
              importDone: run.account.importDone + items.length,
            }
          : {}),
      });
      if (page['@odata.deltaLink']) break;
    }
  }
  if (run.account.importStatus === 'running') await setAccount(run, { importStatus: 'done' });
  return false;
}

/** The page's messages the mailbox does not hold (by Graph id or Message-ID), from their MIME. */
async function storeOutlookMessages(
  run: Run<GraphClient>,
  folder: OutlookFolder,
  items: GraphDeltaMessage[],
) {
  const { account } = run;
  const held = await storedMessageIdHeaders(run.services.db, {
    businessId: account.businessId,
    accountId: account.id,
    messageIds: items.flatMap((item) => (item.internetMessageId ? [item.internetMessageId] : [])),
  });
  const byId = new Map<string, GraphDeltaMessage>();
  for (const item of items) {
    const header = item.internetMessageId;
    if (header && held.has(header)) continue;
    if (header) held.add(header);
    byId.set(item.id, item);
  }
  return storeMessages(run, [...byId.keys()], async (id) => {
    const raw = await call(run, (graph) => graph.mime(id)).catch(notFoundAsNull);
    const item = byId.get(id);
    if (!raw || !item) return null;
    return rowFromMime(account, raw, {
      providerMessageId: id,
      threadId: item.conversationId ?? null,
      direction: folder === 'sentitems' ? 'outbound' : 'inbound',
      labelIds: [folder],
      receivedAt: item.receivedDateTime ? new Date(item.receivedDateTime) : null,
    });
  });
}

/**
 * The subscription created (a new clientState secret each time, stored before Graph is asked) or
 * renewed when under a day is left; one Graph no longer has (404) is created again. A failure is
 * logged and the sync goes on: the 15-minute sweep still brings the mail, and tries again.
 */
async function renewSubscriptionIfDue(run: Run<GraphClient>) {
  const notificationUrl = microsoftConfig(run.services).notificationUrl;
  if (!notificationUrl) return;
  const { account } = run;
  const expires = account.watchExpiresAt?.getTime() ?? 0;
  if (account.subscriptionId && expires - Date.now() > SUBSCRIPTION_RENEW_MARGIN_MS) return;
  const expiration = new Date(Date.now() + OUTLOOK_SUBSCRIPTION_MINUTES * 60_000);
  try {
    if (account.subscriptionId) {
      const subscriptionId = account.subscriptionId;
      const renewed = await call(run, (graph) =>
        graph.renewSubscription(subscriptionId, expiration),
      ).catch(notFoundAsNull);
      if (renewed) {
        await setAccount(run, { watchExpiresAt: new Date(renewed.expirationDateTime) });
        return;
      }
    }
    const secret = randomBytes(32).toString('base64url');
    await setAccount(run, {
      subscriptionId: null,
      subscriptionSecret: secret,
      watchExpiresAt: null,
    });
    const created = await call(run, (graph) =>
      graph.createSubscription({
        notificationUrl,
        lifecycleNotificationUrl: notificationUrl,
        resource: OUTLOOK_SUBSCRIBED_RESOURCE,
        expirationDateTime: expiration,
        clientState: secret,
      }),
    );
    await setAccount(run, {
      subscriptionId: created.id,
      watchExpiresAt: new Date(created.expirationDateTime),
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    run.services.log.warn(
      { err: error, accountId: account.id },
      'outlook subscription not set up: the scheduled sync carries on',
    );
  }
}
