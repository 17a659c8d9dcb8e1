// A business's SMS account as the settings screen shows it: never the API key or the callback
// secret (written once, read only by the server's calls and the report routes).
import type { SmsAccountRow } from '@flux/db/queries/sms-accounts';

export function presentSmsAccount(row: SmsAccountRow, reportsUrl: string | null) {
  return {
    id: row.id,
    provider: row.provider,
    accountId: row.accountId,
    senderId: row.senderId,
    active: row.active,
    /**
     * Africa's Talking: the delivery reports and incoming messages URL to paste in its dashboard
     * (it carries a token only this business's secret makes). Twilio is told per message.
     */
    reportsUrl,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
