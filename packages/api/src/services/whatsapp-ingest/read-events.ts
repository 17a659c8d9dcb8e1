// The first step of ingesting a batch: Meta's payloads parsed and sorted into what the later
// statements write (customers' messages, identity changes, status receipts), each tagged with the
// index of the event it came from, plus the notes that explain what was skipped and why.
import type { Db, schema } from '@flux/db';
import { businessesOfNumbers } from '@flux/db/queries/whatsapp-ingest';
import {
  type ChangeValue,
  type CustomerIdentity,
  changeValueSchema,
  type InboundMessage,
  recipientOf,
  type StatusReceipt,
  senderOf,
  type UserIdUpdateValue,
  userIdUpdateValueSchema,
  webhookPayloadSchema,
} from '@flux/integrations';
import type { z } from 'zod';
import { toDate } from './batch-sql';

/** Why part of an event was not applied; joined into the event's `error` column. */
export interface EventNote {
  eventIndex: number;
  note: string;
}

/** A customer's message, to be stored. */
export interface Inbound {
  eventIndex: number;
  businessId: string;
  message: InboundMessage;
  sender: CustomerIdentity;
  at: Date;
}

/** A customer's phone or BSUID changed: what identified them, and what does now. */
export interface IdentityChange {
  eventIndex: number;
  businessId: string;
  previous: { waId: string | null; userId: string | null };
  next: { waId: string | null; userId: string | null };
}

/** A status receipt of one of our messages, with who received it. */
export interface Receipt {
  eventIndex: number;
  businessId: string;
  receipt: StatusReceipt;
  recipient: CustomerIdentity;
}

export interface ReadBatch {
  /** Events whose payload is of no shape we know. */
  invalid: Set<number>;
  notes: EventNote[];
  /** The business of each event (the first number it names that is ours). */
  eventBusiness: Map<number, string>;
  inbound: Inbound[];
  identityChanges: IdentityChange[];
  receipts: Receipt[];
}

type Change =
  | { field: 'messages'; value: ChangeValue; eventIndex: number }
  | { field: 'user_id_update'; value: UserIdUpdateValue; eventIndex: number };

const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? '';

/** Parses the events and finds the business of each number they were sent to. */
export async function readEvents(tx: Db, events: schema.WebhookEvent[]): Promise<ReadBatch> {
  const invalid = new Set<number>();
  const notes: EventNote[] = [];
  const changes: Change[] = [];
  const phoneNumberIds = new Set<string>();
  events.forEach((event, eventIndex) => {
    const payload = webhookPayloadSchema.safeParse(event.payload);
    if (!payload.success) {
      invalid.add(eventIndex);
      notes.push({ eventIndex, note: `unknown payload shape: ${firstIssue(payload.error)}` });
      return;
    }
    for (const entry of payload.data.entry) {
      for (const change of entry.changes) {
        let parsed: Change | string;
        if (change.field === 'messages') {
          const value = changeValueSchema.safeParse(change.value);
          parsed = value.success
            ? { field: 'messages', value: value.data, eventIndex }
            : firstIssue(value.error);
        } else if (change.field === 'user_id_update') {
          const value = userIdUpdateValueSchema.safeParse(change.value);
          parsed = value.success
            ? { field: 'user_id_update', value: value.data, eventIndex }
            : firstIssue(value.error);
        } else {
          notes.push({ eventIndex, note: `field ${change.field} not handled` });
          continue;
        }
        if (typeof parsed === 'string') {
          notes.push({ eventIndex, note: `unknown change shape: ${parsed}` });
          continue;
        }
        changes.push(parsed);
        phoneNumberIds.add(parsed.value.metadata.phone_number_id);
      }
    }
  });
  const businessOf = await businessesOf(tx, [...phoneNumberIds]);
  const batch: ReadBatch = {
    invalid,
    notes,
    eventBusiness: new Map(),
    inbound: [],
    identityChanges: [],
    receipts: [],
  };
  for (const change of changes) sortChange(batch, change, businessOf);
  return batch;
}

/** The businesses of the numbers the events were sent to (active connections only). */
async function businessesOf(tx: Db, phoneNumberIds: string[]): Promise<Map<string, string>> {
  const businessOf = new Map<string, string>();
  if (phoneNumberIds.length === 0) return businessOf;
  const accounts = await businessesOfNumbers(tx, { phoneNumberIds });
  for (const account of accounts) businessOf.set(account.phoneNumberId, account.businessId);
  return businessOf;
}

function sortChange(batch: ReadBatch, change: Change, businessOf: Map<string, string>) {
  const { eventIndex } = change;
  const note = (text: string) => batch.notes.push({ eventIndex, note: text });
  const businessId = businessOf.get(change.value.metadata.phone_number_id);
  if (!businessId) {
    note(`unknown phone_number_id ${change.value.metadata.phone_number_id}`);
    return;
  }
  if (!batch.eventBusiness.has(eventIndex)) batch.eventBusiness.set(eventIndex, businessId);
  if (change.field === 'user_id_update') {
    for (const item of change.value.user_id_update) {
      const nested = typeof item.user_id === 'object' ? item.user_id : undefined;
      const previous = item.previous_user_id ?? nested?.previous ?? null;
      const next = typeof item.user_id === 'string' ? item.user_id : (nested?.current ?? null);
      if (!previous || !next) {
        note('user_id_update without previous and new user ids');
        continue;
      }
      batch.identityChanges.push({
        eventIndex,
        businessId,
        previous: { waId: item.wa_id ?? null, userId: previous },
        next: { waId: null, userId: next },
      });
    }
    return;
  }
  const { value } = change;
  for (const message of value.messages ?? []) {
    // `system` messages say the customer's number or BSUID changed: not words of theirs.
    if (message.type === 'system' && message.system) {
      const { system } = message;
      if (system.type === 'user_changed_number' || system.type === 'user_changed_user_id') {
        batch.identityChanges.push({
          eventIndex,
          businessId,
          previous: { waId: message.from ?? null, userId: system.previous_user_id ?? null },
          next: {
            waId: system.type === 'user_changed_number' ? (system.wa_id ?? null) : null,
            userId:
              system.user_id ??
              (system.type === 'user_changed_user_id' ? (message.from_user_id ?? null) : null),
          },
        });
        continue;
      }
    }
    const sender = senderOf(message, value.contacts);
    if (!sender.waId && !sender.userId) {
      note(`message ${message.id} names no sender (no from, no from_user_id)`);
      continue;
    }
    batch.inbound.push({ eventIndex, businessId, message, sender, at: toDate(message.timestamp) });
  }
  for (const receipt of value.statuses ?? []) {
    const recipient = recipientOf(receipt, value.contacts);
    batch.receipts.push({ eventIndex, businessId, receipt, recipient });
  }
}
