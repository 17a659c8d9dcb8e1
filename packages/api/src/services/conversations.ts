// The inbox's changes to a conversation: read, assigned, closed or reopened. Each locks the row,
// writes its audit entry in the same transaction, and is announced to the business's open
// dashboards once committed.
import type { Db } from '@flux/db';
import {
  type ConversationRow,
  lockConversation,
  updateConversation,
} from '@flux/db/queries/conversations';
import type { Actor } from '../lib/audit';
import { writeAudit } from '../lib/audit';
import { notFound, pgErrorCode, refuse } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import { requireAssignableMember } from './team';

interface Target {
  businessId: string;
  conversationId: string;
}

async function lockedOrThrow(tx: Db, target: Target) {
  const row = await lockConversation(tx, target);
  if (!row) throw notFound('Conversation');
  return row;
}

/** After the change has committed, tells the business's open dashboards. */
async function announced(
  live: LiveBus,
  target: Target,
  change: Promise<ConversationRow>,
): Promise<ConversationRow> {
  const result = await change;
  await live.publish(target.businessId, {
    type: 'conversation.updated',
    conversationId: target.conversationId,
  });
  return result;
}

/**
 * The change itself and its audit row, with the conversation as it was (locked) at hand: `set`
 * may refuse by throwing.
 */
function change(
  db: Db,
  actor: Actor,
  target: Target,
  params: {
    action: string;
    set: (current: ConversationRow) => Parameters<typeof updateConversation>[1]['set'];
    changes: (current: ConversationRow) => Record<string, unknown>;
    check?: (current: ConversationRow, tx: Db) => Promise<void>;
  },
): Promise<ConversationRow> {
  return db.transaction(async (tx) => {
    const current = await lockedOrThrow(tx, target);
    await params.check?.(current, tx);
    const updated = await updateConversation(tx, { ...target, set: params.set(current) });
    await writeAudit(tx, actor, {
      businessId: target.businessId,
      action: params.action,
      entityType: 'conversation',
      entityId: target.conversationId,
      changes: params.changes(current),
    });
    if (!updated) throw notFound('Conversation');
    return updated;
  });
}

export function markConversationRead(db: Db, live: LiveBus, actor: Actor, target: Target) {
  return announced(
    live,
    target,
    change(db, actor, target, {
      action: 'conversation.read',
      set: () => ({ unreadCount: 0 }),
      changes: (current) => ({ unread: current.unreadCount }),
    }),
  );
}

/** To an accepted member who serves customers, or to nobody (`userId` null). */
export function assignConversation(
  db: Db,
  live: LiveBus,
  actor: Actor,
  target: Target & { userId: string | null },
) {
  const { userId } = target;
  return announced(
    live,
    target,
    change(db, actor, target, {
      action: 'conversation.assign',
      async check(_current, tx) {
        if (userId) {
          await requireAssignableMember(tx, target.businessId, userId, 'a conversation');
        }
      },
      set: () => ({ assignedUserId: userId }),
      changes: (current) => ({ from: current.assignedUserId, to: userId }),
    }),
  );
}

/** A closed conversation reopens unless the customer has already started a new one. */
export function setConversationStatus(
  db: Db,
  live: LiveBus,
  actor: Actor,
  target: Target & { status: 'open' | 'closed' },
) {
  const { status } = target;
  const changed = change(db, actor, target, {
    action: status === 'closed' ? 'conversation.close' : 'conversation.reopen',
    async check(current) {
      if (current.status === status) {
        throw refuse('conversation.status_unchanged', `This conversation is already ${status}`);
      }
    },
    set: () => ({ status, ...(status === 'closed' ? { unreadCount: 0 } : {}) }),
    changes: (current) => ({ from: current.status, to: status }),
  }).catch((error: unknown) => {
    if (pgErrorCode(error) === '23505') {
      throw refuse(
        'conversation.open_exists',
        'This customer already has an open conversation: continue that one',
      );
    }
    throw error;
  });
  return announced(live, target, changed);
}
