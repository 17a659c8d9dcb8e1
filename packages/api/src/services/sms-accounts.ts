// The business's SMS account (Africa's Talking or Twilio): connected with its key (stored
// encrypted) and a fresh secret for the provider's callbacks, or disconnected; audited.
import { randomBytes } from 'node:crypto';
import type { Db } from '@flux/db';
import {
  deleteSmsAccount,
  replaceSmsAccount,
  type SmsAccountRow,
  smsAccountOf,
} from '@flux/db/queries/sms-accounts';
import { signCallbackUrl } from '@flux/integrations';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound } from '../lib/errors';

export type SmsProviderName = SmsAccountRow['provider'];

/** Where Africa's Talking posts this business's delivery reports and incoming SMS. */
export function africasTalkingCallbackUrl(publicUrl: string, row: SmsAccountRow): string {
  return signCallbackUrl(
    `${publicUrl}/webhooks/sms/africastalking`,
    row.callbackSecret,
    row.businessId,
  );
}

export async function connectSmsAccount(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    provider: SmsProviderName;
    accountId: string;
    apiKey: string;
    senderId: string | null;
  },
): Promise<SmsAccountRow> {
  return db.transaction(async (tx) => {
    const row = await replaceSmsAccount(tx, {
      businessId: params.businessId,
      values: {
        provider: params.provider,
        accountId: params.accountId,
        apiKey: params.apiKey,
        senderId: params.senderId,
        callbackSecret: randomBytes(32).toString('base64url'),
        active: true,
      },
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'sms.connect',
      entityType: 'sms_account',
      entityId: row.id,
      changes: {
        provider: params.provider,
        accountId: params.accountId,
        senderId: params.senderId,
      },
    });
    return row;
  });
}

export async function disconnectSmsAccount(
  db: Db,
  actor: Actor,
  params: { businessId: string },
): Promise<{ ok: true }> {
  return db.transaction(async (tx) => {
    const row = await deleteSmsAccount(tx, params);
    if (!row) throw notFound('SMS account');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'sms.disconnect',
      entityType: 'sms_account',
      entityId: row.id,
    });
    return { ok: true as const };
  });
}

/**
 * The keys a provider's callback is checked with (the account's callback secret for Africa's
 * Talking's signed URL, the auth token for Twilio's signature); undefined without an account.
 */
export async function smsCallbackKeys(db: Db, params: { businessId: string }) {
  const row = await smsAccountOf(db, params);
  if (!row) return undefined;
  return { provider: row.provider, apiKey: row.apiKey, callbackSecret: row.callbackSecret };
}
