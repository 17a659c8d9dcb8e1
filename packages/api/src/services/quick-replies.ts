// Saved answers (quick replies): the admins write them, everyone in the inbox finds them with `/`
// in the composer. A shortcut is unique per business; each change is audited in its transaction.
import type { Db } from '@flux/db';
import {
  deleteQuickReply,
  insertQuickReply,
  updateQuickReply as updateQuickReplyRow,
} from '@flux/db/queries/quick-replies';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, pgErrorCode, refuse } from '../lib/errors';

export interface QuickReplyInput {
  title: string;
  shortcut: string;
  body: string;
}

const shortcutTaken = (shortcut: string) =>
  refuse(
    'quick_reply.shortcut_taken',
    `The shortcut /${shortcut} is already used`,
    { shortcut },
    {
      field: 'shortcut',
    },
  );

export function createQuickReply(db: Db, actor: Actor, businessId: string, input: QuickReplyInput) {
  return db.transaction(async (tx) => {
    const row = await insertQuickReply(tx, {
      businessId,
      values: { ...input, createdBy: actor.userId },
    });
    if (!row) throw shortcutTaken(input.shortcut);
    await writeAudit(tx, actor, {
      businessId,
      action: 'quick_reply.create',
      entityType: 'quick_reply',
      entityId: row.id,
      changes: { shortcut: row.shortcut },
    });
    return row;
  });
}

export function updateQuickReply(
  db: Db,
  actor: Actor,
  businessId: string,
  quickReplyId: string,
  patch: Partial<QuickReplyInput>,
) {
  return db
    .transaction(async (tx) => {
      const row = await updateQuickReplyRow(tx, { businessId, quickReplyId, set: patch });
      if (!row) throw notFound('Quick reply');
      await writeAudit(tx, actor, {
        businessId,
        action: 'quick_reply.update',
        entityType: 'quick_reply',
        entityId: row.id,
        changes: { fields: Object.keys(patch) },
      });
      return row;
    })
    .catch((error: unknown) => {
      if (pgErrorCode(error) === '23505') throw shortcutTaken(patch.shortcut ?? '');
      throw error;
    });
}

export function removeQuickReply(db: Db, actor: Actor, businessId: string, quickReplyId: string) {
  return db.transaction(async (tx) => {
    const row = await deleteQuickReply(tx, { businessId, quickReplyId });
    if (!row) throw notFound('Quick reply');
    await writeAudit(tx, actor, {
      businessId,
      action: 'quick_reply.remove',
      entityType: 'quick_reply',
      entityId: row.id,
      changes: { shortcut: row.shortcut },
    });
    return row;
  });
}
