// A connected WhatsApp number as the settings screen shows it. Never the access token: it is the
// merchant's credential with Meta, written once on connect and read only by the server's calls.
import type { schema } from '@flux/db';

type WhatsappAccountRow = typeof schema.whatsappAccounts.$inferSelect;

export function presentWhatsappAccount(row: WhatsappAccountRow) {
  return {
    id: row.id,
    phoneNumberId: row.phoneNumberId,
    wabaId: row.wabaId,
    /** As Meta displays it (stored from Meta's answer, not from what was typed). */
    displayPhoneNumber: row.displayPhoneNumber,
    verifiedName: row.verifiedName,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type WhatsappAccountView = ReturnType<typeof presentWhatsappAccount>;
