// Conversation labels: the business's list (created and removed by anyone in the inbox), and the
// labels a conversation carries. Each change audited in its transaction, then announced.
import type { Db } from '@flux/db';
import { lockConversation } from '@flux/db/queries/conversations';
import {
  deleteLabel,
  insertLabel,
  labelsByIds,
  replaceConversationLabels,
} from '@flux/db/queries/labels';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import type { LiveBus } from '../lib/live';

export const LABEL_COLORS = ['slate', 'red', 'amber', 'green', 'blue', 'violet'] as const;

export function createLabel(
  db: Db,
  actor: Actor,
  businessId: string,
  input: { name: string; color: (typeof LABEL_COLORS)[number] },
) {
  return db.transaction(async (tx) => {
    const row = await insertLabel(tx, { businessId, values: input });
    if (!row) {
      throw refuse(
        'label.name_taken',
        `The label “${input.name}” already exists`,
        { name: input.name },
        { field: 'name' },
      );
    }
    await writeAudit(tx, actor, {
      businessId,
      action: 'label.create',
      entityType: 'label',
      entityId: row.id,
      changes: { name: row.name },
    });
    return row;
  });
}

export function removeLabel(db: Db, actor: Actor, businessId: string, labelId: string) {
  return db.transaction(async (tx) => {
    const row = await deleteLabel(tx, { businessId, labelId });
    if (!row) throw notFound('Label');
    await writeAudit(tx, actor, {
      businessId,
      action: 'label.remove',
      entityType: 'label',
      entityId: row.id,
      changes: { name: row.name },
    });
    return row;
  });
}

/** The conversation's labels become exactly these; a label of another business is NOT_FOUND. */
export async function setConversationLabels(
  db: Db,
  live: LiveBus,
  actor: Actor,
  params: { businessId: string; conversationId: string; labelIds: string[] },
) {
  const { businessId, conversationId } = params;
  const labelIds = [...new Set(params.labelIds)];
  const labels = await db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, { businessId, conversationId });
    if (!conversation) throw notFound('Conversation');
    const found = await labelsByIds(tx, { businessId, labelIds });
    if (found.length !== labelIds.length) throw notFound('Label');
    await replaceConversationLabels(tx, { businessId, conversationId, labelIds });
    await writeAudit(tx, actor, {
      businessId,
      action: 'conversation.labels',
      entityType: 'conversation',
      entityId: conversationId,
      changes: { labels: found.map((label) => label.name) },
    });
    return found;
  });
  await live.publish(businessId, { type: 'conversation.updated', conversationId });
  return labels;
}
