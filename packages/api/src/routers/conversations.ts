// The inbox: conversations by latest activity, their messages, read state, assignment, closing.
import { schema } from '@flux/db';
import {
  conversationDetail,
  conversationExists,
  listConversations,
  listMessages,
} from '@flux/db/queries/conversations';
import { activeWhatsappAccount } from '@flux/db/queries/whatsapp-accounts';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError, notFound } from '../lib/errors';
import { pageInput, textInput } from '../lib/inputs';
import { page, positionAfter } from '../lib/pagination';
import {
  presentConversation,
  presentConversationDetail,
  presentConversationListItem,
} from '../presenters/conversation';
import { presentMessage, presentSentMessage } from '../presenters/message';
import { presentProspect } from '../presenters/prospect';
import {
  assignConversation,
  markConversationRead,
  setConversationStatus,
} from '../services/conversations';
import { whatsappClientFor } from '../services/whatsapp-client';
import { composableTemplate, queueMessage } from '../services/whatsapp-send';
import { roleProcedure } from '../trpc';

/** Everyone who talks to customers; couriers use their own app. */
const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');
const idInput = z.object({ id: z.uuid() });

/** Closes or reopens a conversation. */
const statusChange = (status: 'open' | 'closed') =>
  inboxProcedure.input(idInput).mutation(async ({ ctx, input }) =>
    presentConversation(
      await setConversationStatus(ctx.db, ctx.live, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.id,
        status,
      }),
    ),
  );

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
      const rows = await listConversations(ctx.db, {
        businessId: ctx.businessId,
        status: input.status,
        assignedUserId: input.assignedUserId,
        unread: input.unread,
        q: input.q,
        after: positionAfter(input.cursor, 'date'),
        limit: input.limit + 1,
      });
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
    const row = await conversationDetail(ctx.db, {
      businessId: ctx.businessId,
      conversationId: input.id,
    });
    if (!row) throw notFound('Conversation');
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
      const target = { businessId: ctx.businessId, conversationId: input.conversationId };
      if (!(await conversationExists(ctx.db, target))) throw notFound('Conversation');
      const rows = await listMessages(ctx.db, {
        ...target,
        after: positionAfter(input.cursor, 'date'),
        limit: input.limit + 1,
      });
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
    const account = await activeWhatsappAccount(ctx.db, { businessId: ctx.businessId });
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

  markRead: inboxProcedure.input(idInput).mutation(async ({ ctx, input }) =>
    presentConversation(
      await markConversationRead(ctx.db, ctx.live, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.id,
      }),
    ),
  ),

  assign: inboxProcedure
    .input(idInput.extend({ userId: z.uuid().nullable() }))
    .mutation(async ({ ctx, input }) =>
      presentConversation(
        await assignConversation(ctx.db, ctx.live, ctx.actor, {
          businessId: ctx.businessId,
          conversationId: input.id,
          userId: input.userId,
        }),
      ),
    ),

  close: statusChange('closed'),

  /** A closed conversation reopens unless the customer has already started a new one. */
  reopen: statusChange('open'),
} satisfies TRPCRouterRecord;
