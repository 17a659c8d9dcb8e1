// The business's WhatsApp number as stored: connected once Meta verified it (whatsapp-connect.ts),
// or disconnected; each change audited in its transaction.
import type { Db } from '@flux/db';
import {
  deleteWhatsappAccount,
  replaceWhatsappAccount,
  type WhatsappAccountRow,
} from '@flux/db/queries/whatsapp-accounts';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, pgErrorCode, refuse } from '../lib/errors';
import type { VerifiedNumber } from './whatsapp-connect';

/** Stores the verified number in place of the business's previous one; the token is encrypted. */
export async function connectWhatsappAccount(
  db: Db,
  actor: Actor,
  params: { businessId: string; verified: VerifiedNumber; accessToken: string },
): Promise<WhatsappAccountRow> {
  const { businessId, verified } = params;
  try {
    return await db.transaction(async (tx) => {
      const row = await replaceWhatsappAccount(tx, {
        businessId,
        values: {
          phoneNumberId: verified.phoneNumberId,
          wabaId: verified.wabaId,
          displayPhoneNumber: verified.displayPhoneNumber,
          verifiedName: verified.verifiedName,
          accessToken: params.accessToken,
          active: true,
        },
      });
      await writeAudit(tx, actor, {
        businessId,
        action: 'whatsapp.connect',
        entityType: 'whatsapp_account',
        entityId: row.id,
        changes: {
          phoneNumberId: verified.phoneNumberId,
          wabaId: verified.wabaId,
          displayPhoneNumber: verified.displayPhoneNumber,
          verifiedWithMeta: true,
        },
      });
      return row;
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      // Whoever holds it stays unnamed: the caller proved they hold the token, not that they
      // may know which shop uses the number.
      throw refuse(
        'whatsapp.number_taken',
        'This WhatsApp number is already connected to a FluxAsync account. Disconnect it there first, or write to support',
        undefined,
        { field: 'phoneNumberId' },
      );
    }
    throw error;
  }
}

export const noNumber = () => notFound('WhatsApp number', 'No WhatsApp number is connected');

export function disconnectWhatsappAccount(
  db: Db,
  actor: Actor,
  params: { businessId: string },
): Promise<{ disconnected: true }> {
  return db.transaction(async (tx) => {
    const row = await deleteWhatsappAccount(tx, params);
    if (!row) throw noNumber();
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'whatsapp.disconnect',
      entityType: 'whatsapp_account',
      entityId: row.id,
      changes: { phoneNumberId: row.phoneNumberId },
    });
    return { disconnected: true as const };
  });
}
