// What a mailbox sync does the same whatever the provider (services/email/sync.ts for Gmail,
// outlook-sync.ts for Outlook): the run's budget and claim, provider calls that refresh the token
// once on a 401, writes conditional on the claim, storing messages once each (fetched a few at a
// time, parsed from MIME as they arrive), and the bounded resync after the provider lost our place.
import type { EmailAccountRow } from '@flux/db/queries/email-accounts';
import { updateEmailAccount } from '@flux/db/queries/email-accounts';
import { settleSendsBySyncedCopies } from '@flux/db/queries/email-sends';
import {
  insertSyncedEmails,
  linkEmailSenders,
  type NewEmailRow,
  storedProviderIds,
} from '@flux/db/queries/emails';
import type { EmailDirection } from '@flux/db/schema';
import { isUnauthorized, parseEmail } from '@flux/integrations';
import type { AppServices } from '../../context';
import { accessTokenFor } from './tokens';

export const MAX_RESYNCS_PER_DAY = 3;
export const FETCH_CONCURRENCY = 8;
export const DAY_MS = 86_400_000;

export type SyncServices = Pick<AppServices, 'db' | 'log' | 'email' | 'jobs'> & {
  live: Pick<AppServices['live'], 'publish'>;
};

export interface Run<Client> {
  services: SyncServices;
  account: EmailAccountRow;
  claim: string;
  deadline: number;
  signal: AbortSignal | undefined;
  pageSize: number;
  stored: number;
  /** The provider's client for the current access token. */
  client: Client;
  connect: (accessToken: string) => Client;
}

/** What a provider's part of a run did. */
export interface SyncedRun {
  resynced: boolean;
  more: boolean;
  stored: number;
}

export const outOfTime = (run: Run<unknown>) =>
  Date.now() > run.deadline || Boolean(run.signal?.aborted);

/** A provider call; a 401 refreshes the token once (revoked meanwhile: reconnect needed). */
export async function call<C, T>(run: Run<C>, request: (client: C) => Promise<T>): Promise<T> {
  try {
    return await request(run.client);
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    const token = await accessTokenFor(run.services, run.account, { force: true });
    run.client = run.connect(token);
    return request(run.client);
  }
}

export async function setAccount(
  run: Run<unknown>,
  set: Parameters<typeof updateEmailAccount>[1]['set'],
) {
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
 * The provider lost our place (Gmail's history 404, Graph's delta 410): the import again over the
 * gap, from the last successful sync (or N days, whichever is older, never more than a year), at
 * most MAX_RESYNCS_PER_DAY a day. Nothing is lost (the window covers the gap) nor doubled (each
 * message is stored once).
 */
export async function startResync(run: Run<unknown>) {
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
  run.services.log.warn(
    { accountId: account.id, provider: account.provider },
    'mail history lost: resyncing',
  );
  await setAccount(run, {
    importStatus: 'pending',
    importSince: new Date(since),
    importPageToken: null,
    resyncCount: recent + 1,
    lastResyncAt: new Date(),
  });
}

/**
 * Fetches (FETCH_CONCURRENCY at a time) and stores the messages the mailbox does not hold yet.
 * False when the run's time ran out first: what was fetched is stored, and the caller does not
 * move past this page (the next run reads it again and skips what is stored).
 */
export async function storeMessages(
  run: Run<unknown>,
  ids: string[],
  fetchRow: (id: string) => Promise<NewEmailRow | null>,
): Promise<boolean> {
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
    // Each message parsed as soon as it arrives, while the others of the batch are in flight.
    const parsed = await Promise.all(missing.slice(start, start + FETCH_CONCURRENCY).map(fetchRow));
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
export function notFoundAsNull(error: unknown): null {
  if ((error as { status?: unknown }).status === 404) return null;
  throw error;
}

/** The row of one message from its MIME and what the provider says of it. */
export async function rowFromMime(
  account: EmailAccountRow,
  raw: Buffer,
  meta: {
    providerMessageId: string;
    threadId: string | null;
    direction: EmailDirection;
    labelIds: string[];
    snippet?: string | undefined;
    sizeBytes?: number | undefined;
    receivedAt: Date | null;
  },
): Promise<NewEmailRow> {
  const parsed = await parseEmail(raw);
  return {
    businessId: account.businessId,
    emailAccountId: account.id,
    providerMessageId: meta.providerMessageId,
    threadId: meta.threadId,
    direction: meta.direction,
    fromAddress: parsed.from?.address ?? '',
    fromName: parsed.from?.name ?? null,
    toAddresses: parsed.to,
    ccAddresses: parsed.cc,
    subject: parsed.subject,
    snippet: (meta.snippet || parsed.text).slice(0, 200),
    bodyText: parsed.text,
    bodyHtml: parsed.html,
    messageIdHeader: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    labelIds: meta.labelIds,
    attachments: parsed.attachments,
    sizeBytes: meta.sizeBytes ?? raw.length,
    receivedAt: meta.receivedAt ?? parsed.date ?? new Date(),
    // New mail is unread until a member opens its thread; what an import (or a resync's) brings
    // is the mailbox's history, stored read.
    unread: meta.direction === 'inbound' && account.importStatus === 'done',
  };
}
