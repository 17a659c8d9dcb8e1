// A customer's "no more messages": STOP by SMS (the SMS inbound route, later), a WhatsApp "stop"
// (the ingest), or a person acting on the customer's word. Recorded on the prospect with when
// and by which channel, audited; `notify` then writes `skipped` rows for them (but for the
// essential door-code message, see @flux/contracts' essentialCustomerEvents), and a row already
// waiting is skipped at send time.
import type { Db } from '@flux/db';
import { setProspectOptOut } from '@flux/db/queries/notification-recipients';
import { type Actor, writeAudit } from '../../lib/audit';

/** What a customer writes to stop messages (alone in the message, any case or accent). */
const STOP_WORDS = new Set(['stop', 'arret', 'arreter', 'stopper', 'unsubscribe', 'desabonner']);

/** "STOP", "Arrêt", "stop." — the whole message is a stop word. */
export function isStopWord(text: string | null | undefined): boolean {
  if (!text) return false;
  const word = text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[.!\s]+$/u, '');
  return STOP_WORDS.has(word);
}

/**
 * Records the opt-out (the first one stands; a second STOP changes nothing and writes no audit
 * row). True when this call opted the customer out.
 */
export async function optOutCustomer(
  tx: Db,
  actor: Actor,
  params: { businessId: string; prospectId: string; channel: 'whatsapp' | 'sms' | 'email' | 'web' },
): Promise<boolean> {
  const changed = await setProspectOptOut(tx, { ...params, optedOut: true });
  if (!changed) return false;
  await writeAudit(tx, actor, {
    businessId: params.businessId,
    action: 'prospect.opt_out',
    entityType: 'prospect',
    entityId: params.prospectId,
    changes: { channel: params.channel },
  });
  return true;
}

/** The customer asked to hear from the business again (a person records it), audited. */
export async function optInCustomer(
  tx: Db,
  actor: Actor,
  params: { businessId: string; prospectId: string },
): Promise<boolean> {
  const changed = await setProspectOptOut(tx, { ...params, channel: 'web', optedOut: false });
  if (!changed) return false;
  await writeAudit(tx, actor, {
    businessId: params.businessId,
    action: 'prospect.opt_in',
    entityType: 'prospect',
    entityId: params.prospectId,
  });
  return true;
}
