// Connected mailboxes (Gmail, Outlook) and the OAuth connections in progress: connect,
// read, the sync's claim, watch renewal, disconnect. Tenant reads take businessId; the few that
// cannot (a push names a mailbox by address or subscription only; the schedulers sweep every
// mailbox) say so.
import { and, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { emailAccounts, emailOauthStates, emails } from '../schema';

export type EmailAccountRow = typeof emailAccounts.$inferSelect;
type EmailAccountSet = Partial<Omit<typeof emailAccounts.$inferInsert, 'id' | 'businessId'>>;

export async function insertOauthState(
  db: Db,
  params: Omit<typeof emailOauthStates.$inferInsert, 'id' | 'createdAt'>,
): Promise<void> {
  // Connections abandoned on the consent screen go with the next one started.
  await db.delete(emailOauthStates).where(lt(emailOauthStates.expiresAt, new Date()));
  await db.insert(emailOauthStates).values(params);
}

/**
 * The connection started by this session with this state, consumed (deleted) as it is read: a
 * state works once, and only for the session that started it. Expired rows are returned too
 * (the caller refuses them, with a clearer message than "unknown").
 */
export async function takeOauthState(db: Db, params: { stateHash: string; sessionId: string }) {
  const [row] = await db
    .delete(emailOauthStates)
    .where(
      and(
        eq(emailOauthStates.stateHash, params.stateHash),
        eq(emailOauthStates.sessionId, params.sessionId),
      ),
    )
    .returning();
  return row;
}

/**
 * The mailbox connected (or connected again) with fresh tokens: back to `active`. A mailbox
 * connected again keeps its cursor, its mail, its owner and whether it is shared; a new one
 * starts its import.
 */
export async function upsertEmailAccount(
  db: Db,
  params: {
    businessId: string;
    userId: string;
    shared: boolean;
    provider: 'gmail' | 'outlook';
    address: string;
    accessToken: string;
    refreshToken: string | null;
    tokenExpiresAt: Date;
    scopes: string[];
    importDays: number;
  },
): Promise<EmailAccountRow> {
  const [row] = await db
    .insert(emailAccounts)
    .values(params)
    .onConflictDoUpdate({
      target: [emailAccounts.businessId, emailAccounts.provider, emailAccounts.address],
      // Connected again: fresh tokens, back to active. Who owns it and whether it is shared stay
      // as they were (a member reconnecting the shop's mailbox does not make it theirs).
      set: {
        accessToken: params.accessToken,
        // Google sends a refresh token on consent only: keep the one we have otherwise.
        ...(params.refreshToken ? { refreshToken: params.refreshToken } : {}),
        tokenExpiresAt: params.tokenExpiresAt,
        scopes: params.scopes,
        status: 'active',
        statusReason: null,
        updatedAt: new Date(),
      },
    })
    .returning();
  if (!row) throw new Error('upsertEmailAccount returned nothing');
  return row;
}

/** The mailboxes a member sees: the business's shared ones and their own. */
export async function emailAccountsVisibleTo(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<EmailAccountRow[]> {
  return db
    .select()
    .from(emailAccounts)
    .where(
      and(
        eq(emailAccounts.businessId, params.businessId),
        or(eq(emailAccounts.shared, true), eq(emailAccounts.userId, params.userId)),
      ),
    )
    .orderBy(emailAccounts.createdAt);
}

export async function emailAccountById(
  db: Db,
  params: { businessId: string; accountId: string },
): Promise<EmailAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(emailAccounts)
    .where(
      and(eq(emailAccounts.businessId, params.businessId), eq(emailAccounts.id, params.accountId)),
    );
  return row;
}

export async function updateEmailAccount(
  db: Db,
  params: {
    businessId: string;
    accountId: string;
    set: EmailAccountSet;
    /** Only while this sync still holds the claim (a sync taken over writes nothing more). */
    whileClaim?: string;
  },
): Promise<boolean> {
  const rows = await db
    .update(emailAccounts)
    .set(params.set)
    .where(
      and(
        eq(emailAccounts.businessId, params.businessId),
        eq(emailAccounts.id, params.accountId),
        params.whileClaim ? eq(emailAccounts.syncClaim, params.whileClaim) : undefined,
      ),
    )
    .returning({ id: emailAccounts.id });
  return rows.length > 0;
}

/** An active mailbox marked `reconnect_needed`; false when it was not active (already marked). */
export async function markEmailAccountReconnectNeeded(
  db: Db,
  params: { businessId: string; accountId: string; reason: string },
): Promise<boolean> {
  const rows = await db
    .update(emailAccounts)
    .set({ status: 'reconnect_needed', statusReason: params.reason, watchExpiresAt: null })
    .where(
      and(
        eq(emailAccounts.businessId, params.businessId),
        eq(emailAccounts.id, params.accountId),
        eq(emailAccounts.status, 'active'),
      ),
    )
    .returning({ id: emailAccounts.id });
  return rows.length > 0;
}

/**
 * The sync's claim on an active mailbox: taken when free, or when the last claim is older than
 * `leaseSeconds` (its process died: longer than any sync runs). A claim taken over records that
 * the previous sync was interrupted. Undefined: another sync holds it.
 */
export async function claimEmailSync(
  db: Db,
  params: { businessId: string; accountId: string; claim: string; leaseSeconds: number },
): Promise<{ account: EmailAccountRow; interrupted: boolean } | undefined> {
  const [row] = await db
    .update(emailAccounts)
    .set({
      syncClaim: params.claim,
      syncClaimedAt: sql`now()`,
      // Right-hand sides read the row as it was: a claim still there was abandoned.
      lastSyncError: sql`case when ${emailAccounts.syncClaim} is not null
        then 'interrupted: the sync started at ' || to_char(${emailAccounts.syncClaimedAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC stopped without finishing'
        else ${emailAccounts.lastSyncError} end`,
    })
    .where(
      and(
        eq(emailAccounts.businessId, params.businessId),
        eq(emailAccounts.id, params.accountId),
        eq(emailAccounts.status, 'active'),
        or(
          sql`${emailAccounts.syncClaim} is null`,
          lt(
            emailAccounts.syncClaimedAt,
            sql`now() - make_interval(secs => ${params.leaseSeconds})`,
          ),
        ),
      ),
    )
    .returning();
  if (!row) return undefined;
  return { account: row, interrupted: Boolean(row.lastSyncError?.startsWith('interrupted:')) };
}

/**
 * Active mailboxes of this address in every business (a Gmail push names only the address).
 * Not a tenant read: the push is Google's, and only enqueues each mailbox's own sync.
 */
export async function activeEmailAccountsByAddress(
  db: Db,
  params: { provider: 'gmail' | 'outlook'; address: string },
) {
  return db
    .select({ id: emailAccounts.id, businessId: emailAccounts.businessId })
    .from(emailAccounts)
    .where(
      and(
        eq(emailAccounts.provider, params.provider),
        eq(emailAccounts.address, params.address.toLowerCase()),
        eq(emailAccounts.status, 'active'),
      ),
    );
}

/**
 * The mailbox a Graph subscription belongs to, with its clientState secret. Not a tenant read: a
 * notification names only the subscription; the caller checks the secret before anything else.
 */
export async function emailAccountBySubscription(db: Db, params: { subscriptionId: string }) {
  const [row] = await db
    .select({
      id: emailAccounts.id,
      businessId: emailAccounts.businessId,
      status: emailAccounts.status,
      subscriptionSecret: emailAccounts.subscriptionSecret,
    })
    .from(emailAccounts)
    .where(
      and(
        eq(emailAccounts.provider, 'outlook'),
        eq(emailAccounts.subscriptionId, params.subscriptionId),
      ),
    );
  return row;
}

/** Every active mailbox, of one provider or all (the schedulers' sweep; not a tenant read). */
export async function activeEmailAccounts(
  db: Db,
  params: { provider?: 'gmail' | 'outlook'; watchExpiringBefore?: Date } = {},
) {
  return db
    .select({ id: emailAccounts.id, businessId: emailAccounts.businessId })
    .from(emailAccounts)
    .where(
      and(
        params.provider ? eq(emailAccounts.provider, params.provider) : undefined,
        eq(emailAccounts.status, 'active'),
        isNotNull(emailAccounts.accessToken),
        params.watchExpiringBefore
          ? or(
              sql`${emailAccounts.watchExpiresAt} is null`,
              lt(emailAccounts.watchExpiresAt, params.watchExpiringBefore),
            )
          : undefined,
      ),
    );
}

/**
 * Disconnect: the tokens deleted; with `deleteMail`, the mailbox and its synced mail too (the
 * emails go with the account, ON DELETE CASCADE). Returns the refresh token to revoke, if any.
 */
export async function disconnectEmailAccount(
  db: Db,
  params: { businessId: string; accountId: string; deleteMail: boolean },
): Promise<{ found: boolean; refreshToken: string | null; accessToken: string | null }> {
  const where = and(
    eq(emailAccounts.businessId, params.businessId),
    eq(emailAccounts.id, params.accountId),
  );
  const [before] = await db
    .select({ refreshToken: emailAccounts.refreshToken, accessToken: emailAccounts.accessToken })
    .from(emailAccounts)
    .where(where)
    .for('update');
  if (!before) return { found: false, refreshToken: null, accessToken: null };
  if (params.deleteMail) {
    await db.delete(emailAccounts).where(where);
  } else {
    await db
      .update(emailAccounts)
      .set({
        accessToken: null,
        refreshToken: null,
        tokenExpiresAt: null,
        status: 'disconnected',
        statusReason: null,
        watchExpiresAt: null,
        subscriptionId: null,
        subscriptionSecret: null,
        syncClaim: null,
        syncClaimedAt: null,
      })
      .where(where);
  }
  return { found: true, ...before };
}

/** How many emails a mailbox holds (the settings page, tests). */
export async function emailCountOf(db: Db, params: { businessId: string; accountId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(emails)
    .where(
      and(eq(emails.businessId, params.businessId), eq(emails.emailAccountId, params.accountId)),
    );
  return row?.count ?? 0;
}
