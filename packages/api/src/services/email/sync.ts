// Gmail sync of one mailbox, one at a time per mailbox (a claim on its row, with a lease longer
// than any run). The first run imports the last N days (resumable: its page token and progress
// are stored after every page); later runs read history.list from the stored historyId. A
// historyId Gmail no longer keeps (404) starts a bounded resync: the import again, from the last
// successful sync (or N days, whichever is older, never more than a year), at most
// MAX_RESYNCS_PER_DAY times a day. Every message is stored once: (mailbox, Gmail id) is unique
// and the insert skips what is there, so racing runs, retries and resyncs never double one.
//
// A run works for at most RUN_BUDGET_MS, then stores where it is and enqueues the next run; each
// call to Google gives up after EMAIL_CALL_TIMEOUT_MS; the job expires after 300 s.
import { randomUUID } from 'node:crypto';
import {
  claimEmailSync,
  type EmailAccountRow,
  emailAccountById,
  updateEmailAccount,
} from '@flux/db/queries/email-accounts';
import {
  insertSyncedEmails,
  linkEmailSenders,
  type NewEmailRow,
  settleSendsBySyncedCopies,
  storedProviderIds,
} from '@flux/db/queries/emails';
import {
  type GmailClient,
  type GmailRawMessage,
  isHistoryTooOld,
  isUnauthorized,
  parseEmail,
} from '@flux/integrations';
import type { AppServices } from '../../context';
import { gmailFor, googleConfig } from './google';
import { accessTokenFor, ReconnectNeededError } from './tokens';

/** Longer than a run can last (the job's 300 s expiry): a claim older than this was abandoned. */
export const SYNC_LEASE_SECONDS = 360;
export const RUN_BUDGET_MS = 120_000;
export const MAX_RESYNCS_PER_DAY = 3;
const PAGE_SIZE = 100;
const BUSY_RETRY_SECONDS = 30;
const FETCH_CONCURRENCY = 8;
/** The watch is renewed when it has less than this left (it lasts 7 days). */
const WATCH_RENEW_MARGIN_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;

type SyncServices = Pick<AppServices, 'db' | 'log' | 'email' | 'jobs'> & {
  live: Pick<AppServices['live'], 'publish'>;
};

export type SyncOutcome =
  | { status: 'busy' }
  | { status: 'not-active' }
  | { status: 'reconnect-needed' }
  | { status: 'synced'; stored: number; resynced: boolean; more: boolean };

export async function syncGmailAccount(
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
  const deadline = Date.now() + (options.budgetMs ?? RUN_BUDGET_MS);
  const run: Run = {
    services,
    account,
    claim,
    deadline,
    signal: options.signal,
    pageSize: options.pageSize ?? PAGE_SIZE,
    stored: 0,
    gmail: null as unknown as GmailClient,
  };
  try {
    run.gmail = gmailFor(services, await accessTokenFor(services, account));
    let resynced = false;
    let more: boolean;
    if (account.importStatus !== 'done') {
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
    return { status: 'synced', stored: run.stored, resynced, more };
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

interface Run {
  services: SyncServices;
  account: EmailAccountRow;
  claim: string;
  deadline: number;
  signal: AbortSignal | undefined;
  pageSize: number;
  stored: number;
  gmail: GmailClient;
}

const outOfTime = (run: Run) => Date.now() > run.deadline || Boolean(run.signal?.aborted);

/** A Gmail call; a 401 refreshes the token once (revoked meanwhile: reconnect needed). */
async function call<T>(run: Run, request: (gmail: GmailClient) => Promise<T>): Promise<T> {
  try {
    return await request(run.gmail);
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    const token = await accessTokenFor(run.services, run.account, { force: true });
    run.gmail = gmailFor(run.services, token);
    return request(run.gmail);
  }
}

async function setAccount(run: Run, set: Parameters<typeof updateEmailAccount>[1]['set']) {
  const held = await updateEmailAccount(run.services.db, {
    businessId: run.account.businessId,
    accountId: run.account.id,
    whileClaim: run.claim,
    set,
  });
  if (!held) throw new Error('email sync: the claim was taken over (this run outlived its lease)');
  Object.assign(run.account, set);
}

/**
 * The import's pages, resumed from the stored page token. Its start fixes the window and the
 * historyId to continue from, read before listing: mail arriving meanwhile comes by history too
 * (and is stored once). True when the budget ran out before the last page.
 */
async function importPages(run: Run): Promise<boolean> {
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
    if (!(await storeMessages(run, ids))) return true;
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
async function readHistory(run: Run): Promise<'done' | 'more' | 'too-old'> {
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
    if (!(await storeMessages(run, [...new Set(ids)]))) return 'more';
    if (!page.nextPageToken) {
      // The cursor moves only once every page is stored: a stop before re-reads (deduped).
      await setAccount(run, { syncCursor: page.historyId });
      return 'done';
    }
    pageToken = page.nextPageToken;
  }
}

/** Gmail lost our place: the import again over the gap, bounded in span and in count. */
async function startResync(run: Run) {
  const { account } = run;
  const recent =
    account.lastResyncAt && Date.now() - account.lastResyncAt.getTime() < DAY_MS
      ? account.resyncCount
      : 0;
  if (recent >= MAX_RESYNCS_PER_DAY) {
    throw new Error(
      `email sync: history lost ${recent + 1} times within a day; resync paused until tomorrow`,
    );
  }
  const window = Date.now() - account.importDays * DAY_MS;
  const gap = (account.lastSyncedAt?.getTime() ?? window) - DAY_MS;
  const since = Math.max(Math.min(window, gap), Date.now() - 365 * DAY_MS);
  run.services.log.warn({ accountId: account.id }, 'gmail history too old: resyncing');
  await setAccount(run, {
    importStatus: 'pending',
    importSince: new Date(since),
    importPageToken: null,
    resyncCount: recent + 1,
    lastResyncAt: new Date(),
  });
}

async function renewWatchIfDue(run: Run) {
  const topic = googleConfig(run.services).pubsubTopic;
  if (!topic) return;
  const expires = run.account.watchExpiresAt?.getTime() ?? 0;
  if (expires - Date.now() > WATCH_RENEW_MARGIN_MS) return;
  const watch = await call(run, (gmail) => gmail.watch({ topicName: topic }));
  await setAccount(run, { watchExpiresAt: new Date(Number(watch.expiration)) });
}

/**
 * Fetches (FETCH_CONCURRENCY at a time) and stores the messages the mailbox does not hold yet.
 * False when the run's time ran out first: what was fetched is stored, and the caller does not
 * move past this page (the next run reads it again and skips what is stored).
 */
async function storeMessages(run: Run, ids: string[]): Promise<boolean> {
  const { account } = run;
  const held = await storedProviderIds(run.services.db, {
    businessId: account.businessId,
    accountId: account.id,
    providerMessageIds: ids,
  });
  const missing = ids.filter((id) => !held.has(id));
  const rows: NewEmailRow[] = [];
  let complete = true;
  for (let start = 0; start < missing.length; start += FETCH_CONCURRENCY) {
    // At least one batch a run, so a slow provider still moves it forward.
    if (start > 0 && outOfTime(run)) {
      complete = false;
      break;
    }
    const batch = missing.slice(start, start + FETCH_CONCURRENCY);
    // Each message parsed as soon as it arrives, while the others of the batch are in flight.
    const parsed = await Promise.all(
      batch.map(async (id) => {
        const message = await call(run, (gmail) => gmail.getRawMessage(id)).catch(notFoundAsNull);
        return message ? emailRow(account, message) : null;
      }),
    );
    for (const row of parsed) if (row) rows.push(row);
  }
  const inserted = await run.services.db.transaction(async (tx) => {
    const stored = await insertSyncedEmails(tx, rows);
    const ids = stored.map((row) => row.id);
    await linkEmailSenders(tx, { businessId: account.businessId, emailIds: ids });
    await settleSendsBySyncedCopies(tx, {
      businessId: account.businessId,
      accountId: account.id,
      emailIds: stored.filter((row) => row.direction === 'outbound').map((row) => row.id),
    });
    // Each new inbound email triaged once: the job exists only with the row that asks for it.
    await run.services.jobs.sendMany(
      'email.triage',
      stored
        .filter((row) => row.direction === 'inbound')
        .map((row) => ({
          payload: { businessId: account.businessId, emailId: row.id },
          singletonKey: row.id,
        })),
      { db: tx },
    );
    return stored;
  });
  run.stored += inserted.length;
  if (inserted.length > 0) {
    await run.services.live
      .publish(account.businessId, { type: 'email.thread', accountId: account.id })
      .catch((error: unknown) => run.services.log.warn({ err: error }, 'email live event lost'));
  }
  return complete;
}

/** A message deleted between the listing and the fetch is skipped. */
function notFoundAsNull(error: unknown): null {
  if ((error as { status?: unknown }).status === 404) return null;
  throw error;
}

async function emailRow(account: EmailAccountRow, message: GmailRawMessage): Promise<NewEmailRow> {
  const raw = Buffer.from(message.raw, 'base64url');
  const parsed = await parseEmail(raw);
  const labels = message.labelIds ?? [];
  return {
    businessId: account.businessId,
    emailAccountId: account.id,
    providerMessageId: message.id,
    threadId: message.threadId,
    direction: labels.includes('SENT') ? 'outbound' : 'inbound',
    fromAddress: parsed.from?.address ?? '',
    fromName: parsed.from?.name ?? null,
    toAddresses: parsed.to,
    ccAddresses: parsed.cc,
    subject: parsed.subject,
    snippet: (message.snippet || parsed.text).slice(0, 200),
    bodyText: parsed.text,
    bodyHtml: parsed.html,
    messageIdHeader: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    labelIds: labels,
    attachments: parsed.attachments,
    sizeBytes: message.sizeEstimate ?? raw.length,
    receivedAt: message.internalDate
      ? new Date(Number(message.internalDate))
      : (parsed.date ?? new Date()),
  };
}
