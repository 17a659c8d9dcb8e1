// A connected mailbox as the settings screen shows it: where it stands (reconnect needed, import
// progress, last sync), never its tokens.
import type { EmailAccountRow } from '@flux/db/queries/email-accounts';

export function presentEmailAccount(row: EmailAccountRow) {
  return {
    id: row.id,
    provider: row.provider,
    address: row.address,
    shared: row.shared,
    connectedBy: row.userId,
    status: row.status,
    statusReason: row.statusReason,
    import: {
      status: row.importStatus,
      days: row.importDays,
      listed: row.importListed,
      done: row.importDone,
    },
    syncing: row.syncClaim !== null,
    /** When the running sync started: long past (over 6 minutes), its process died mid-run. */
    syncingSince: row.syncClaimedAt,
    lastSyncedAt: row.lastSyncedAt,
    lastSyncError: row.lastSyncError,
    pushUntil: row.watchExpiresAt,
    createdAt: row.createdAt,
  };
}
