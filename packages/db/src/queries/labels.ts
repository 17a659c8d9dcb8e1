// Conversation labels: the business's list, and the labels given to conversations.
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../client';
import { conversationLabels, type Label, labels } from '../schema';

export function listLabels(db: Db, params: { businessId: string }) {
  return db
    .select()
    .from(labels)
    .where(eq(labels.businessId, params.businessId))
    .orderBy(asc(labels.name))
    .limit(200);
}

/** A new label; undefined when the business already has one of this name. */
export async function insertLabel(
  db: Db,
  params: { businessId: string; values: { name: string; color: string } },
): Promise<Label | undefined> {
  const [row] = await db
    .insert(labels)
    .values({ ...params.values, businessId: params.businessId })
    .onConflictDoNothing({ target: [labels.businessId, labels.name] })
    .returning();
  return row;
}

export async function deleteLabel(
  db: Db,
  params: { businessId: string; labelId: string },
): Promise<Label | undefined> {
  const [row] = await db
    .delete(labels)
    .where(and(eq(labels.businessId, params.businessId), eq(labels.id, params.labelId)))
    .returning();
  return row;
}

/** Of these label ids, those of the business. */
export async function labelsByIds(db: Db, params: { businessId: string; labelIds: string[] }) {
  if (params.labelIds.length === 0) return [];
  return db
    .select()
    .from(labels)
    .where(and(eq(labels.businessId, params.businessId), inArray(labels.id, params.labelIds)));
}

/** The conversation's labels become exactly these (of the business: the caller checked them). */
export async function replaceConversationLabels(
  db: Db,
  params: { businessId: string; conversationId: string; labelIds: string[] },
): Promise<void> {
  await db
    .delete(conversationLabels)
    .where(
      and(
        eq(conversationLabels.businessId, params.businessId),
        eq(conversationLabels.conversationId, params.conversationId),
        params.labelIds.length > 0
          ? notInArray(conversationLabels.labelId, params.labelIds)
          : undefined,
      ),
    );
  if (params.labelIds.length === 0) return;
  await db
    .insert(conversationLabels)
    .values(
      params.labelIds.map((labelId) => ({
        businessId: params.businessId,
        conversationId: params.conversationId,
        labelId,
      })),
    )
    .onConflictDoNothing();
}
