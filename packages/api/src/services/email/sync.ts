// A mailbox's sync, one at a time per mailbox (a claim on its row, with a lease longer than any
// run), then the provider's part: Gmail here, Outlook in outlook-sync.ts (what both do is in
// sync-run.ts). Gmail's first run imports the last N days (resumable: its page token and progress
// are stored after every page); later runs read history.list from the stored historyId. A
// historyId Gmail no longer keeps (404) starts a bounded resync (sync-run.ts). Every message is
// stored once: (mailbox, provider id) is unique and the insert skips what is there, so racing
// runs, retries and resyncs never double one.
//
// A run works for at most RUN_BUDGET_MS, then stores where it is and enqueues the next run; each
// call to the provider gives up after EMAIL_CALL_TIMEOUT_MS; the job expires after 300 s.
import { randomUUID } from 'node:crypto';
import {
  claimEmailSync,
  emailAccountById,
  updateEmailAccount,
} from '@flux/db/queries/email-accounts';
import { type GmailClient, type GmailRawMessage, isHistoryTooOld } from '@flux/integrations';
import { gmailFor, googleConfig } from './google';
import { graphFor } from './microsoft';
import { syncOutlook } from './outlook-sync';
import {
  call,
  DAY_MS,
  notFoundAsNull,
  outOfTime,
  type Run,
  rowFromMime,
  type SyncedRun,
  type SyncServices,
  setAccount,
  startResync,
  storeMessages,
} from './sync-run';
import { accessTokenFor, ReconnectNeededError } from './tokens';

export { MAX_RESYNCS_PER_DAY } from './sync-run';

/** Longer than a run can last (the job's 300 s expiry): a claim older than this was abandoned. */
export const SYNC_LEASE_SECONDS = 360;
export const RUN_BUDGET_MS = 120_000;
const PAGE_SIZE = 100;
const BUSY_RETRY_SECONDS = 30;
/** The watch is renewed when it has less than this left (it lasts 7 days). */
const WATCH_RENEW_MARGIN_MS = 2 * DAY_MS;

export type SyncOutcome =
  | { status: 'busy' }
  | { status: 'not-active' }
  | { status: 'reconnect-needed' }
  | { status: 'synced'; stored: number; resynced: boolean; more: boolean };

export async function syncMailbox(
  services: SyncServices,
  params: { businessId: string; accountId: string },
  options: { budgetMs?: number; signal?: AbortSignal; pageSize?: number } = {},
): Promise<SyncOutcome> {
  const claim = randomUUID();
  const claimed = await claimEmailSync(services.db, {
    ...params,
    claim,
    leaseSeconds: SYNC_LEASE_SECONDS,
  });
  if (!claimed) {
    const account = await emailAccountById(services.db, params);
    if (account?.status !== 'active') return { status: 'not-active' };
    // Another run holds the mailbox (or it is not active): one more run shortly after picks up
    // what arrived meanwhile (one waiting at most per mailbox: the singleton key).
    await services.jobs.send('email.sync', params, {
      singletonKey: params.accountId,
      startAfterSeconds: BUSY_RETRY_SECONDS,
    });
    return { status: 'busy' };
  }
  const { account, interrupted } = claimed;
  if (interrupted) {
    services.log.warn(
      { accountId: account.id },
      'previous email sync was interrupted; taking over',
    );
  }
  const base = {
    services,
    account,
    claim,
    deadline: Date.now() + (options.budgetMs ?? RUN_BUDGET_MS),
    signal: options.signal,
    pageSize: options.pageSize ?? PAGE_SIZE,
    stored: 0,
  };
  try {
    const token = await accessTokenFor(services, account);
    const { resynced, more, stored } =
      account.provider === 'outlook'
        ? await syncOutlook({
            ...base,
            client: graphFor(services, token),
            connect: (fresh) => graphFor(services, fresh),
          })
        : await syncGmail({
            ...base,
            client: gmailFor(services, token),
            connect: (fresh) => gmailFor(services, fresh),
          });
    await updateEmailAccount(services.db, {
      businessId: account.businessId,
      accountId: account.id,
      whileClaim: claim,
      set: {
        syncClaim: null,
        syncClaimedAt: null,
        syncFailures: 0,
        lastSyncError: null,
        lastSyncedAt: new Date(),
      },
    });
    if (more) {
      await services.jobs.send(
        'email.sync',
        { businessId: account.businessId, accountId: account.id },
        { singletonKey: account.id },
      );
    }
    return { status: 'synced', stored, resynced, more };
  } catch (error) {
    await updateEmailAccount(services.db, {
      businessId: account.businessId,
      accountId: account.id,
      whileClaim: claim,
      set: {
        syncClaim: null,
        syncClaimedAt: null,
        syncFailures: account.syncFailures + 1,
        lastSyncError: error instanceof Error ? error.message : String(error),
      },
    });
    if (error instanceof ReconnectNeededError) return { status: 'reconnect-needed' };
    throw error;
  }
}

/** The Gmail sync's body: the import, or history from the cursor (404: resync); the watch. */
async function syncGmail(run: Run<GmailClient>): Promise<SyncedRun> {
  let resynced = false;
  let more: boolean;
  if (run.account.importStatus !== 'done') {
    more = await importPages(run);
  } else {
    const incremental = await readHistory(run);
    if (incremental === 'too-old') {
      await startResync(run);
      resynced = true;
      more = await importPages(run);
    } else {
      more = incremental === 'more';
    }
  }
  await renewWatchIfDue(run);
  return { resynced, more, stored: run.stored };
}

/**
 * The import's pages, resumed from the stored page token. Its start fixes the window and the
 * historyId to continue from, read before listing: mail arriving meanwhile comes by history too
 * (and is stored once). True when the budget ran out before the last page.
 */
async function importPages(run: Run<GmailClient>): Promise<boolean> {
  const { account } = run;
  if (account.importStatus === 'pending') {
    const profile = await call(run, (gmail) => gmail.profile());
    await setAccount(run, {
      importStatus: 'running',
      importSince: account.importSince ?? new Date(Date.now() - account.importDays * DAY_MS),
      importListed: 0,
      importDone: 0,
      importPageToken: null,
      syncCursor: profile.historyId,
    });
  }
  const since = Math.floor((account.importSince?.getTime() ?? 0) / 1000);
  // At least one page a run (then until the budget is spent).
  for (let first = true; first || !outOfTime(run); first = false) {
    const page = await call(run, (gmail) =>
      gmail.listMessages({
        q: `after:${since}`,
        maxResults: run.pageSize,
        ...(account.importPageToken ? { pageToken: account.importPageToken } : {}),
      }),
    );
    const ids = (page.messages ?? []).map((message) => message.id);
    if (!(await storeGmailMessages(run, ids))) return true;
    const done = !page.nextPageToken;
    await setAccount(run, {
      importListed: account.importListed + ids.length,
      importDone: account.importDone + ids.length,
      importPageToken: page.nextPageToken ?? null,
      ...(done ? { importStatus: 'done' as const } : {}),
    });
    if (done) return false;
  }
  return true;
}

/** history.list from the stored cursor: 'too-old' on Gmail's 404, 'more' when out of time. */
async function readHistory(run: Run<GmailClient>): Promise<'done' | 'more' | 'too-old'> {
  const cursor = run.account.syncCursor;
  if (!cursor) return 'too-old';
  let pageToken: string | undefined;
  for (;;) {
    if (pageToken && outOfTime(run)) return 'more';
    let page: Awaited<ReturnType<GmailClient['listHistory']>>;
    try {
      page = await call(run, (gmail) =>
        gmail.listHistory({ startHistoryId: cursor, ...(pageToken ? { pageToken } : {}) }),
      );
    } catch (error) {
      if (isHistoryTooOld(error)) return 'too-old';
      throw error;
    }
    const ids = (page.history ?? [])
      .flatMap((record) => record.messagesAdded ?? [])
      .filter((added) => !added.message.labelIds?.includes('DRAFT'))
      .map((added) => added.message.id);
    if (!(await storeGmailMessages(run, [...new Set(ids)]))) return 'more';
    if (!page.nextPageToken) {
      // The cursor moves only once every page is stored: a stop before re-reads (deduped).
      await setAccount(run, { syncCursor: page.historyId });
      return 'done';
    }
    pageToken = page.nextPageToken;
  }
}

async function renewWatchIfDue(run: Run<GmailClient>) {
  const topic = googleConfig(run.services).pubsubTopic;
  if (!topic) return;
  const expires = run.account.watchExpiresAt?.getTime() ?? 0;
  if (expires - Date.now() > WATCH_RENEW_MARGIN_MS) return;
  const watch = await call(run, (gmail) => gmail.watch({ topicName: topic }));
  await setAccount(run, { watchExpiresAt: new Date(Number(watch.expiration)) });
}

/** Gmail messages stored once each: fetched raw, parsed, the SENT label making them outbound. */
function storeGmailMessages(run: Run<GmailClient>, ids: string[]) {
  return storeMessages(run, ids, async (id) => {
    const message = await call(run, (gmail) => gmail.getRawMessage(id)).catch(notFoundAsNull);
    return message ? gmailRow(run, message) : null;
  });
}

function gmailRow(run: Run<GmailClient>, message: GmailRawMessage) {
  const labels = message.labelIds ?? [];
  return rowFromMime(run.account, Buffer.from(message.raw, 'base64url'), {
    providerMessageId: message.id,
    threadId: message.threadId,
    direction: labels.includes('SENT') ? 'outbound' : 'inbound',
    labelIds: labels,
    snippet: message.snippet,
    sizeBytes: message.sizeEstimate,
    receivedAt: message.internalDate ? new Date(Number(message.internalDate)) : null,
  });
}

/** The Gmail name, from before Outlook. */
export const syncGmailAccount = syncMailbox;
