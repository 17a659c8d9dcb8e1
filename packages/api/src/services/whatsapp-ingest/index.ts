// Turns stored WhatsApp webhook events into prospects, conversations, messages and status
// updates, a batch of events per transaction with set-based statements (one upsert of the
// prospects, one of the conversations, one insert of the messages...), so the backlog drains at
// thousands of messages a second. Idempotent: a message (wamid) is stored once and a status never
// moves backwards, so Meta's re-deliveries and job retries change nothing. The webhook inbox
// (../../webhook-inbox) claims the events and calls this; each step below returns what it did,
// tagged with the event it came from, and each event's result is built from those at the end.
import type { Db, schema } from '@flux/db';
import { recordEventOutcomes } from '@flux/db/queries/webhook-events';
import { guessProspectLocales } from '@flux/db/queries/whatsapp-ingest';
import type { JobSender } from '../../jobs/sender';
import type { LiveEvent } from '../../lib/live';
import { guessLanguage } from '../customer-language';
import { isStopWord, optOutCustomer } from '../notifications/opt-out';
import { systemActor } from '../prospects';
import { emitInboundEvents } from '../webhooks/events';
import { byEvent } from './batch-sql';
import {
  insertMessages,
  notifyNewMessages,
  openConversations,
  requestAnalyses,
  type StoredMessage,
  touchConversations,
} from './conversations';
import { applyIdentityChange, learnRecipients } from './identities';
import { upsertProspects } from './prospects';
import { type EventNote, readEvents } from './read-events';
import { applyStatus } from './statuses';

export interface IngestResult {
  status: 'processed' | 'ignored' | 'invalid' | 'already';
  messages: number;
  statuses: number;
  notes: string[];
  /** What the dashboard should hear about, once the transaction has committed. */
  live: { businessId: string; event: LiveEvent }[];
}

/** What ingestion triggers besides storing: media lookups, and the AI's analysis. */
export interface IngestHooks {
  jobs?: JobSender | undefined;
  /** Set: each conversation with new messages gets an `ai.analyze-conversation` this much later. */
  analysisDelaySeconds?: number | undefined;
}

/** A receipt applied, with the event it came from. */
interface AppliedStatus {
  eventIndex: number;
  businessId: string;
  applied: number;
  events: LiveEvent[];
}

/**
 * Ingests claimed events (locked by the caller's transaction) and records each one's outcome on
 * its row; one result per event, in order.
 */
export async function ingestEvents(
  tx: Db,
  events: schema.WebhookEvent[],
  hooks: IngestHooks,
): Promise<IngestResult[]> {
  const batch = await readEvents(tx, events);
  const notes: EventNote[] = [...batch.notes];
  // Identity changes first, so this batch's messages find the customer as they are now.
  for (const change of batch.identityChanges) {
    const note = await applyIdentityChange(tx, change);
    if (note) notes.push({ eventIndex: change.eventIndex, note });
  }
  const withProspects = await upsertProspects(tx, batch.inbound);
  const addressed = await openConversations(tx, withProspects);
  const stored = await insertMessages(tx, addressed, hooks.jobs);
  await touchConversations(tx, stored);
  if (hooks.jobs) await emitInboundEvents(tx, hooks.jobs, stored);
  // A customer who writes "STOP" hears no more from the business (audited).
  for (const item of stored) {
    if (item.message.type === 'text' && isStopWord(item.message.text?.body)) {
      await optOutCustomer(tx, systemActor, {
        businessId: item.businessId,
        prospectId: item.prospectId,
        channel: 'whatsapp',
      });
    }
  }
  await guessCustomerLanguages(tx, stored);
  if (hooks.jobs && hooks.analysisDelaySeconds !== undefined) {
    await requestAnalyses(tx, stored, hooks.jobs, hooks.analysisDelaySeconds);
  }
  if (hooks.jobs) await notifyNewMessages(tx, stored, hooks.jobs);
  await learnRecipients(tx, batch.receipts);
  // Statuses one by one, in the order Meta sent them: few, and each must see the previous.
  const statuses: AppliedStatus[] = [];
  for (const { eventIndex, businessId, receipt } of batch.receipts) {
    statuses.push({
      eventIndex,
      businessId,
      ...(await applyStatus(tx, businessId, receipt, hooks.jobs)),
    });
  }

  const notesOf = byEvent(notes);
  const storedOf = byEvent(stored);
  const statusesOf = byEvent(statuses);
  const settled = events.map((event, eventIndex) => {
    const eventNotes = (notesOf.get(eventIndex) ?? []).map((item) => item.note);
    const eventMessages = storedOf.get(eventIndex) ?? [];
    const eventStatuses = statusesOf.get(eventIndex) ?? [];
    const messages = eventMessages.length;
    const applied = eventStatuses.reduce((sum, item) => sum + item.applied, 0);
    const result: IngestResult = {
      status: batch.invalid.has(eventIndex)
        ? 'invalid'
        : messages === 0 && applied === 0 && eventNotes.length > 0
          ? 'ignored'
          : 'processed',
      messages,
      statuses: applied,
      notes: eventNotes,
      live: [
        ...eventMessages.map((item) => ({
          businessId: item.businessId,
          event: {
            type: 'message.created' as const,
            conversationId: item.conversationId,
            messageId: item.messageId,
            inbound: true,
          },
        })),
        ...eventStatuses.flatMap((item) =>
          item.events.map((event) => ({ businessId: item.businessId, event })),
        ),
      ],
    };
    const outcome = {
      id: event.id,
      status: result.status,
      businessId: batch.eventBusiness.get(eventIndex) ?? null,
      error: eventNotes.length ? eventNotes.join('; ').slice(0, 2_000) : null,
    };
    return { result, outcome };
  });
  await recordEventOutcomes(
    tx,
    settled.map((item) => item.outcome),
  );
  return settled.map((item) => item.result);
}

/** A customer's first inbound messages are where their language is guessed from, once. */
const LANGUAGE_GUESS_MESSAGES = 3;

/**
 * The language of customers who have none yet, from the text they wrote in this batch (their
 * messages of the batch read together): set when the guess is clear and they are at their first
 * messages; left unset otherwise (notifications then speak the business's language).
 */
async function guessCustomerLanguages(tx: Db, stored: StoredMessage[]) {
  const texts = new Map<string, { businessId: string; prospectId: string; text: string }>();
  for (const item of stored) {
    const body = item.message.type === 'text' ? item.message.text?.body : undefined;
    if (!body) continue;
    const key = `${item.businessId}:${item.prospectId}`;
    const known = texts.get(key);
    if (known) known.text += `\n${body}`;
    else texts.set(key, { businessId: item.businessId, prospectId: item.prospectId, text: body });
  }
  const rows = [...texts.values()].flatMap(({ businessId, prospectId, text }) => {
    const locale = guessLanguage(text);
    return locale ? [{ businessId, prospectId, locale }] : [];
  });
  await guessProspectLocales(tx, { rows, firstMessages: LANGUAGE_GUESS_MESSAGES });
}
