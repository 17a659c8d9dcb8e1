// The inbox: conversations by latest activity, their messages, read state, assignment, closing,
// the team's internal notes and the conversation's labels.
import { schema } from '@flux/db';
import { notesOfConversation } from '@flux/db/queries/conversation-notes';
import {
  conversationDetail,
  conversationExists,
  listConversations,
  listMessages,
  unreadSummary,
} from '@flux/db/queries/conversations';
import { activeWhatsappAccount } from '@flux/db/queries/whatsapp-accounts';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { notFound, refuse } from '../lib/errors';
import { pageInput, textInput } from '../lib/inputs';
import { page, positionAfter } from '../lib/pagination';
import {
  presentConversation,
  presentConversationDetail,
  presentConversationListItem,
} from '../presenters/conversation';
import { presentLabel } from '../presenters/label';
import { presentMessage, presentSentMessage } from '../presenters/message';
import { presentNote } from '../presenters/note';
import { presentProspect } from '../presenters/prospect';
import {
  type Attachment,
  photoAttachment,
  productCard,
  shopLocation,
} from '../services/conversation-attachments';
import { addConversationNote, removeConversationNote } from '../services/conversation-notes';
import {
  assignConversation,
  markConversationRead,
  setConversationStatus,
} from '../services/conversations';
import { setConversationLabels } from '../services/labels';
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
        /** Only the conversations with this label. */
        labelId: z.uuid().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listConversations(ctx.db, {
        businessId: ctx.businessId,
        status: input.status,
        assignedUserId: input.assignedUserId,
        unread: input.unread,
        q: input.q,
        labelId: input.labelId,
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
        items: result.items.map(({ conversation, prospect, lastMessage, labels }) =>
          presentConversationListItem(conversation, prospect, lastMessage, labels),
        ),
      };
    }),

  /**
   * The inbox's unread counters (the menu's badge, the tab's title), read again on live events:
   * the conversations and their messages, the email threads of the mailboxes this member sees and
   * their emails, and `total` (conversations and email threads), what the badge shows.
   */
  unread: inboxProcedure.query(({ ctx }) =>
    unreadSummary(ctx.db, { businessId: ctx.businessId, userId: ctx.user.id }),
  ),

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
      labels: row.labels,
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

  /**
   * Sends a reply: free text, a product card from the catalog or the shop's location inside the
   * 24 h window; an approved template at any time. Exactly one of them.
   */
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
          /** A product card: the catalog product's photo, name and price. */
          productId: z.uuid().optional(),
          /** The shop's pickup point, as a WhatsApp location. */
          shopLocation: z.literal(true).optional(),
          /** A photo uploaded for this conversation (`POST /uploads/photo`), with its caption. */
          photo: z.object({ uploadId: z.uuid(), caption: textInput(1_024).optional() }).optional(),
        })
        .refine(
          (input) =>
            [input.text, input.template, input.productId, input.shopLocation, input.photo].filter(
              (part) => part !== undefined,
            ).length === 1,
          {
            message: 'Send one of: text, a template, a product, a photo or the shop’s location',
            path: ['text'],
          },
        ),
    )
    .mutation(async ({ ctx, input }) => {
      const attachment: Attachment = input.template
        ? { content: { type: 'template', ...input.template } }
        : input.productId
          ? await productCard(ctx.db, ctx.business, input.productId)
          : input.shopLocation
            ? shopLocation(ctx.business)
            : input.photo
              ? await photoAttachment(ctx, {
                  businessId: ctx.businessId,
                  conversationId: input.conversationId,
                  ...input.photo,
                })
              : { content: { type: 'text', text: input.text ?? '' } };
      const message = await queueMessage(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.conversationId,
        clientMessageId: input.clientMessageId,
        ...attachment,
      });
      await ctx.live.publish(ctx.businessId, {
        type: 'message.created',
        conversationId: input.conversationId,
        messageId: message.id,
      });
      return presentSentMessage(message);
    }),

  /** The team's notes on the conversation, oldest first: never sent to the customer. */
  notes: inboxProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const target = { businessId: ctx.businessId, conversationId: input.conversationId };
      if (!(await conversationExists(ctx.db, target))) throw notFound('Conversation');
      const rows = await notesOfConversation(ctx.db, { ...target, limit: 500 });
      return rows.map((row) => presentNote(row.note, row.author));
    }),

  addNote: inboxProcedure
    .input(
      z.object({
        conversationId: z.uuid(),
        body: textInput(4_000).pipe(z.string().min(1, 'Write something')),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const note = await addConversationNote(ctx.db, ctx.live, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.conversationId,
        body: input.body,
      });
      return presentNote(note, { id: ctx.user.id, name: ctx.user.name });
    }),

  /** Only its author removes a note. */
  removeNote: inboxProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const note = await removeConversationNote(
      ctx.db,
      ctx.live,
      { ...ctx.actor, userId: ctx.user.id },
      { businessId: ctx.businessId, noteId: input.id },
    );
    return { id: note.id };
  }),

  /** The conversation's labels become exactly these (labels of the business). */
  setLabels: inboxProcedure
    .input(idInput.extend({ labelIds: z.array(z.uuid()).max(20) }))
    .mutation(async ({ ctx, input }) => {
      const labels = await setConversationLabels(ctx.db, ctx.live, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.id,
        labelIds: input.labelIds,
      });
      return labels.map(presentLabel);
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
      throw refuse(
        'whatsapp.templates_unavailable',
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
