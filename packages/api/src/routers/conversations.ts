// The inbox: conversations by latest activity, their messages, read state, assignment, closing.
import { schema } from '@flux/db';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, desc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError, pgErrorCode } from '../lib/errors';
import { pageInput, textInput } from '../lib/inputs';
import { afterCursor, likeText, page } from '../lib/pagination';
import {
  presentConversation,
  presentConversationDetail,
  presentConversationListItem,
} from '../presenters/conversation';
import { presentMessage, presentSentMessage } from '../presenters/message';
import { presentProspect } from '../presenters/prospect';
import { requireAssignableMember } from '../services/team';
import { whatsappClientFor } from '../services/whatsapp-client';
import { composableTemplate, queueMessage } from '../services/whatsapp-send';
import { roleProcedure } from '../trpc';

const { conversations, messages, prospects, users, whatsappAccounts } = schema;

/** Everyone who talks to customers; couriers use their own app. */
const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');
const idInput = z.object({ id: z.uuid() });

/** The list row's preview line: one probe of the (conversation, created) index per row. */
const lastMessagePreview = sql<{ body: string | null; type: string } | null>`(
  select json_build_object('body', left(${messages.body}, 140), 'type', ${messages.type}) from ${messages}
  where ${messages.conversationId} = ${conversations.id} and ${messages.businessId} = ${conversations.businessId}
  order by ${messages.createdAt} desc limit 1)`;

/** Latest activity first; a conversation without messages yet sorts by its creation. */
const activity = sql<Date>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

async function lockConversation(tx: import('@flux/db').Db, businessId: string, id: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.businessId, businessId), eq(conversations.id, id)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Conversation not found');
  return row;
}

export const conversationsRouter = {
  list: inboxProcedure
    .input(
      pageInput.extend({
        status: z.enum(schema.conversationStatusEnum.enumValues).optional(),
        /** A member's id, or null for the unassigned ones. */
        assignedUserId: z.uuid().nullable().optional(),
        unread: z.boolean().optional(),
        /** Prospect name, phone or WhatsApp username. */
        q: textInput(100).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [eq(conversations.businessId, ctx.businessId)];
      if (input.status) filters.push(eq(conversations.status, input.status));
      if (input.assignedUserId === null) filters.push(isNull(conversations.assignedUserId));
      else if (input.assignedUserId)
        filters.push(eq(conversations.assignedUserId, input.assignedUserId));
      if (input.unread === true) filters.push(gt(conversations.unreadCount, 0));
      if (input.unread === false) filters.push(eq(conversations.unreadCount, 0));
      if (input.q) {
        const digits = input.q.replace(/\D/g, '');
        filters.push(
          or(
            ilike(prospects.name, likeText(input.q)),
            ilike(prospects.username, likeText(input.q.replace(/^@/, ''))),
            digits.length >= 3 ? ilike(prospects.phone, likeText(digits)) : undefined,
          ),
        );
      }
      if (input.cursor)
        filters.push(afterCursor(activity, conversations.id, 'desc', input.cursor, 'date'));
      const rows = await ctx.db
        .select({
          conversation: conversations,
          activityAt: activity,
          lastMessage: lastMessagePreview,
          prospect: {
            id: prospects.id,
            name: prospects.name,
            phone: prospects.phone,
            username: prospects.username,
            status: prospects.status,
          },
        })
        .from(conversations)
        .innerJoin(prospects, eq(prospects.id, conversations.prospectId))
        .where(and(...filters))
        .orderBy(desc(activity), desc(conversations.id))
        .limit(input.limit + 1);
      const result = page(
        rows.map((row) => ({ ...row, id: row.conversation.id })),
        input.limit,
        (row) => new Date(row.activityAt),
      );
      return {
        nextCursor: result.nextCursor,
        items: result.items.map(({ conversation, prospect, lastMessage }) =>
          presentConversationListItem(conversation, prospect, lastMessage),
        ),
      };
    }),

  byId: inboxProcedure.input(idInput).query(async ({ ctx, input }) => {
    const [row] = await ctx.db
      .select({
        conversation: conversations,
        prospect: prospects,
        assignee: { id: users.id, name: users.name },
        lastMessage: lastMessagePreview,
      })
      .from(conversations)
      .innerJoin(prospects, eq(prospects.id, conversations.prospectId))
      .leftJoin(users, eq(users.id, conversations.assignedUserId))
      .where(and(eq(conversations.businessId, ctx.businessId), eq(conversations.id, input.id)));
    if (!row) throw new AppError('NOT_FOUND', 'Conversation not found');
    return presentConversationDetail(row.conversation, {
      prospect: presentProspect(row.prospect),
      assignee: row.assignee?.id ? row.assignee : null,
      lastMessage: row.lastMessage,
    });
  }),

  /** Newest first: the thread loads its latest page, then older ones with the cursor. */
  messages: inboxProcedure
    .input(pageInput.extend({ conversationId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [
        eq(messages.businessId, ctx.businessId),
        eq(messages.conversationId, input.conversationId),
      ];
      if (input.cursor)
        filters.push(afterCursor(messages.createdAt, messages.id, 'desc', input.cursor, 'date'));
      const [exists] = await ctx.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(
          and(
            eq(conversations.businessId, ctx.businessId),
            eq(conversations.id, input.conversationId),
          ),
        );
      if (!exists) throw new AppError('NOT_FOUND', 'Conversation not found');
      const rows = await ctx.db
        .select()
        .from(messages)
        .where(and(...filters))
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(input.limit + 1);
      const result = page(rows, input.limit, (row) => row.createdAt);
      return { nextCursor: result.nextCursor, items: result.items.map(presentMessage) };
    }),

  /** Sends a reply: free text inside the 24 h window, an approved template at any time. */
  sendMessage: inboxProcedure
    .input(
      z
        .object({
          conversationId: z.uuid(),
          /** Made by the client per click: a retried click sends nothing twice. */
          clientMessageId: z.string().trim().min(8).max(100),
          text: textInput(4_096).pipe(z.string().min(1, 'Write something')).optional(),
          template: z
            .object({
              name: z
                .string()
                .trim()
                .regex(/^[a-z0-9_]{1,512}$/, 'A template name from WhatsApp Manager'),
              language: z
                .string()
                .trim()
                .regex(/^[a-z]{2}(_[A-Z]{2})?$/)
                .default('fr'),
              parameters: z.array(textInput(1_000)).max(20).optional(),
            })
            .optional(),
        })
        .refine((input) => (input.text === undefined) !== (input.template === undefined), {
          message: 'Send either text or a template',
          path: ['text'],
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const message = await queueMessage(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.conversationId,
        clientMessageId: input.clientMessageId,
        content: input.template
          ? { type: 'template', ...input.template }
          : { type: 'text', text: input.text ?? '' },
      });
      await ctx.live.publish(ctx.businessId, {
        type: 'message.created',
        conversationId: input.conversationId,
        messageId: message.id,
      });
      return presentSentMessage(message);
    }),

  /**
   * The approved WhatsApp templates the composer can send (the only messages allowed once the
   * 24 h window has closed), asked of Meta each time; none while no number is connected.
   */
  templates: inboxProcedure.query(async ({ ctx }) => {
    const [account] = await ctx.db
      .select({ wabaId: whatsappAccounts.wabaId, accessToken: whatsappAccounts.accessToken })
      .from(whatsappAccounts)
      .where(
        and(eq(whatsappAccounts.businessId, ctx.businessId), eq(whatsappAccounts.active, true)),
      );
    if (!account) return [];
    const client = whatsappClientFor(ctx.config, account.accessToken, 'interactive');
    try {
      const templates = await client.listTemplates(account.wabaId);
      return templates.flatMap((template) => composableTemplate(template) ?? []);
    } catch (error) {
      if (!(error instanceof WhatsappError)) throw error;
      throw new AppError(
        'PRECONDITION_FAILED',
        `WhatsApp did not list the templates: ${error.reason}`,
      );
    }
  }),

  markRead: inboxProcedure.input(idInput).mutation(({ ctx, input }) =>
    announced(
      ctx,
      input.id,
      ctx.db.transaction(async (tx) => {
        const current = await lockConversation(tx, ctx.businessId, input.id);
        const [updated] = await tx
          .update(conversations)
          .set({ unreadCount: 0 })
          .where(eq(conversations.id, input.id))
          .returning();
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'conversation.read',
          entityType: 'conversation',
          entityId: input.id,
          changes: { unread: current.unreadCount },
        });
        if (!updated) throw new AppError('NOT_FOUND', 'Conversation not found');
        return presentConversation(updated);
      }),
    ),
  ),

  assign: inboxProcedure
    .input(idInput.extend({ userId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) =>
      announced(
        ctx,
        input.id,
        ctx.db.transaction(async (tx) => {
          const current = await lockConversation(tx, ctx.businessId, input.id);
          if (input.userId)
            await requireAssignableMember(tx, ctx.businessId, input.userId, 'a conversation');
          const [updated] = await tx
            .update(conversations)
            .set({ assignedUserId: input.userId })
            .where(eq(conversations.id, input.id))
            .returning();
          await writeAudit(tx, ctx.actor, {
            businessId: ctx.businessId,
            action: 'conversation.assign',
            entityType: 'conversation',
            entityId: input.id,
            changes: { from: current.assignedUserId, to: input.userId },
          });
          if (!updated) throw new AppError('NOT_FOUND', 'Conversation not found');
          return presentConversation(updated);
        }),
      ),
    ),

  close: inboxProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => announced(ctx, input.id, setStatus(ctx, input.id, 'closed'))),

  /** A closed conversation reopens unless the customer has already started a new one. */
  reopen: inboxProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => announced(ctx, input.id, setStatus(ctx, input.id, 'open'))),
} satisfies TRPCRouterRecord;

/** After the change has committed, tells the business's open dashboards. */
async function announced<T>(
  ctx: { live: import('../lib/live').LiveBus; businessId: string },
  conversationId: string,
  change: Promise<T>,
): Promise<T> {
  const result = await change;
  await ctx.live.publish(ctx.businessId, { type: 'conversation.updated', conversationId });
  return result;
}

async function setStatus(
  ctx: { db: import('@flux/db').Database; businessId: string; actor: import('../lib/audit').Actor },
  id: string,
  status: 'open' | 'closed',
) {
  try {
    return await ctx.db.transaction(async (tx) => {
      const current = await lockConversation(tx, ctx.businessId, id);
      if (current.status === status) {
        throw new AppError('BAD_REQUEST', `This conversation is already ${status}`);
      }
      const [updated] = await tx
        .update(conversations)
        .set({ status, ...(status === 'closed' ? { unreadCount: 0 } : {}) })
        .where(eq(conversations.id, id))
        .returning();
      await writeAudit(tx, ctx.actor, {
        businessId: ctx.businessId,
        action: status === 'closed' ? 'conversation.close' : 'conversation.reopen',
        entityType: 'conversation',
        entityId: id,
        changes: { from: current.status, to: status },
      });
      if (!updated) throw new AppError('NOT_FOUND', 'Conversation not found');
      return presentConversation(updated);
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError(
        'CONFLICT',
        'This customer already has an open conversation: continue that one',
      );
    }
    throw error;
  }
}
