// The business's saved answers (quick replies): listed by shortcut, created, changed, removed.
import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { Db } from '../client';
import { type QuickReply, quickReplies } from '../schema';
import { likeText } from './keyset';

type QuickReplyChange = Partial<Pick<QuickReply, 'title' | 'shortcut' | 'body'>>;

/** By shortcut; `q` finds a shortcut or a title containing it (the composer's `/wax`). */
export function listQuickReplies(db: Db, params: { businessId: string; q?: string | undefined }) {
  return db
    .select()
    .from(quickReplies)
    .where(
      and(
        eq(quickReplies.businessId, params.businessId),
        params.q
          ? or(
              ilike(quickReplies.shortcut, likeText(params.q)),
              ilike(quickReplies.title, likeText(params.q)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(quickReplies.shortcut))
    .limit(200);
}

/** A new saved answer; undefined when the business already has this shortcut. */
export async function insertQuickReply(
  db: Db,
  params: {
    businessId: string;
    values: Required<QuickReplyChange> & { createdBy: string | null };
  },
): Promise<QuickReply | undefined> {
  const [row] = await db
    .insert(quickReplies)
    .values({ ...params.values, businessId: params.businessId })
    .onConflictDoNothing({ target: [quickReplies.businessId, quickReplies.shortcut] })
    .returning();
  return row;
}

export async function updateQuickReply(
  db: Db,
  params: { businessId: string; quickReplyId: string; set: QuickReplyChange },
): Promise<QuickReply | undefined> {
  const [row] = await db
    .update(quickReplies)
    .set({ ...params.set, updatedAt: new Date() })
    .where(
      and(eq(quickReplies.businessId, params.businessId), eq(quickReplies.id, params.quickReplyId)),
    )
    .returning();
  return row;
}

export async function deleteQuickReply(
  db: Db,
  params: { businessId: string; quickReplyId: string },
): Promise<QuickReply | undefined> {
  const [row] = await db
    .delete(quickReplies)
    .where(
      and(eq(quickReplies.businessId, params.businessId), eq(quickReplies.id, params.quickReplyId)),
    )
    .returning();
  return row;
}
