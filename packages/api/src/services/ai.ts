// The AI assistant on a conversation: one analysis (Gemini, or the local analyzer without a key,
// over quota, or when Gemini fails), stored in ai_insights with its model, tokens and latency;
// the conversation's intent/sentiment/summary; a draft order for an order intent (never confirmed
// by the AI); and, when the business turned it on, the reply sent by itself when confident and
// inside the 24-hour window, and only when the guard finds nothing in the reply that the shop did
// not say (a price, a total, a fee, a discount, a delivery time) and the customer did not try to
// instruct the AI. All of it in one transaction.
import type { ReplyGuard } from '@flux/contracts';
import type { Db } from '@flux/db';
import { catalogByName, catalogNaming, catalogSize } from '@flux/db/queries/ai-catalog';
import { insertInsight, latestInsights } from '@flux/db/queries/ai-insights';
import { businessForAi } from '@flux/db/queries/business-settings';
import {
  type ConversationRow,
  conversationById,
  draftOrderOfConversation,
  listMessages,
  setDraftDeliveryPoint,
  updateConversation,
} from '@flux/db/queries/conversations';
import { orderLines } from '@flux/db/queries/orders';
import { checkReply } from '../ai/guard';
import {
  analyzeLocally,
  currentTurn,
  findAddress,
  isInjection,
  normalize,
} from '../ai/local-analyzer';
import {
  type Analysis,
  analysisJsonSchema,
  analysisSchema,
  type CatalogItem,
  type ConversationLine,
  catalogLines,
  draftableLines,
  type Pin,
  pinAddress,
} from '../ai/output';
import { buildPrompt, SYSTEM_INSTRUCTION } from '../ai/prompt';
import type { AppServices } from '../context';
import type { Actor } from '../lib/audit';
import { answerWithAi } from './ai-answer';
import { notify } from './notifications';
import { createOrder, replaceDraftLines } from './orders';
import { queueMessage } from './whatsapp-send';

export { LOCAL_MODEL } from './ai-answer';

/** Messages of context given to the model. */
const CONTEXT_MESSAGES = 20;
/** Catalogs up to this size go whole into the prompt; larger ones are narrowed to what is named. */
const WHOLE_CATALOG = 150;
const AI_ACTOR: Actor = { userId: null, label: 'ai', ip: null };

export type AnalyzeOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'analyzed';
      insightId: string;
      source: 'gemini' | 'local';
      /** Why the local analyzer answered instead of Gemini (no key, quota, error). */
      fallback: string | null;
      analysis: Analysis;
      /** Whether the reply may go out alone, and what in it did not match the shop's data. */
      guard: ReplyGuard;
      draftOrderId: string | null;
      autoReplyMessageId: string | null;
    };

/** The products worth showing the model: all of a small catalog, else those the turn names. */
export async function relevantCatalog(
  db: Db,
  businessId: string,
  turn: string,
): Promise<CatalogItem[]> {
  if ((await catalogSize(db, { businessId })) <= WHOLE_CATALOG) {
    return catalogByName(db, { businessId });
  }
  const words = [
    ...new Set(
      normalize(turn)
        .split(/[^a-z0-9]+/)
        .filter((word) => word.length >= 4)
        .map((word) => word.replace(/s$/, '')),
    ),
  ].slice(0, 12);
  if (words.length === 0) return [];
  // The customer's words without accents against names without accents: "teinte" finds "Bazin teinté".
  return catalogNaming(db, { businessId, words, limit: WHOLE_CATALOG });
}

export async function analyzeConversation(
  services: Pick<AppServices, 'db' | 'jobs' | 'live' | 'log' | 'ai'>,
  params: { businessId: string; conversationId: string },
): Promise<AnalyzeOutcome> {
  const { db } = services;
  const business = await businessForAi(db, params);
  if (!business) return { status: 'skipped', reason: 'business not found' };
  if (!business.settings.aiEnabled)
    return { status: 'skipped', reason: 'AI is off for this business' };
  const conversation = await conversationById(db, params);
  if (!conversation) return { status: 'skipped', reason: 'conversation not found' };

  const recent = await listMessages(db, {
    businessId: params.businessId,
    conversationId: conversation.id,
    limit: CONTEXT_MESSAGES,
  });
  recent.reverse();
  const lastInbound = recent.filter((m) => m.direction === 'in').at(-1);
  if (!lastInbound) return { status: 'skipped', reason: 'no customer message' };
  // A job retried (or a second one) after the analysis committed has nothing new to read.
  const [latest] = await latestInsights(db, {
    businessId: params.businessId,
    conversationId: conversation.id,
    limit: 1,
  });
  const read = latest && 'context' in latest.output ? latest.output.context : undefined;
  if (read?.lastMessageId === lastInbound.id) {
    return { status: 'skipped', reason: 'already analyzed' };
  }
  const conversationLines: ConversationLine[] = recent.map((m) => {
    const from = m.direction === 'in' ? 'customer' : 'business';
    const pin = m.type === 'location' ? pinOf(m.media, m.body) : undefined;
    if (!pin) return { from, text: m.body ?? `[${m.type}]` };
    // The model reads the pin as words: where it is, and that it is a shared location.
    const point =
      pin.latitude !== null && pin.longitude !== null ? ` (${pin.latitude}, ${pin.longitude})` : '';
    return { from, text: `[location] ${pin.label ?? ''}${point}`.trim(), pin };
  });
  // The customer's latest pin is the delivery point, whatever the model makes of the words,
  // unless they wrote an address after it (then the point would not be that address's).
  const pinAt = conversationLines.findLastIndex((line) => line.from === 'customer' && line.pin);
  const writtenAfter = conversationLines
    .slice(pinAt + 1)
    .some((line) => line.from === 'customer' && findAddress(line.text) !== null);
  const pin = pinAt >= 0 && !writtenAfter ? conversationLines[pinAt]?.pin : undefined;
  const catalog = await relevantCatalog(db, params.businessId, currentTurn(conversationLines));

  const answer = await answerWithAi(services, params.businessId, {
    gemini: () => ({
      system: SYSTEM_INSTRUCTION,
      user: buildPrompt({
        business: {
          name: business.name,
          currency: business.currency,
          locale: business.locale,
          deliveryFeeMinor: business.settings.deliveryFee,
        },
        conversation: conversationLines,
        catalog,
      }),
      jsonSchema: analysisJsonSchema,
      schema: analysisSchema,
    }),
    local: () => {
      const { injection: _injection, ...analysis } = analyzeLocally({
        conversation: conversationLines,
        catalog,
        business: { name: business.name, currency: business.currency },
        // The pin above: the reply does not ask for an address the customer already shared.
        deliveryPoint:
          pin && pin.latitude !== null && pin.longitude !== null
            ? { address: pin.label, lat: pin.latitude, lng: pin.longitude }
            : null,
      });
      return analysis;
    },
    logContext: { conversationId: conversation.id },
    failureMessage: 'Gemini failed; local analyzer used',
  });
  const { source, fallback } = answer;
  const analysis = answer.value;
  const deliveryLocation =
    pin && pin.latitude !== null && pin.longitude !== null
      ? { latitude: pin.latitude, longitude: pin.longitude }
      : null;
  if (pin && !analysis.deliveryAddress) analysis.deliveryAddress = pinAddress(pin);
  // A product the catalog does not have is not a line, whatever the model says.
  if (source === 'gemini') analysis.orderLines = catalogLines(analysis, catalog);

  // Whoever wrote the reply, it goes out alone only if it says nothing the shop did not.
  const turn = currentTurn(conversationLines);
  // "ça fait combien avec la livraison ?" about the draft already made: its totals are the shop's.
  const draftId = await draftOrderOfConversation(db, {
    businessId: params.businessId,
    conversationId: conversation.id,
  });
  const draftLines = draftId
    ? (await orderLines(db, { businessId: params.businessId, orderId: draftId })).map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
      }))
    : [];
  const injection = isInjection(normalize(turn));
  const guard = checkReply({
    reply: analysis.replyDraft,
    catalog,
    lines: analysis.orderLines,
    currency: business.currency,
    deliveryFeeMinor: business.settings.deliveryFee,
    injection,
    injectionText: turn,
    draftLines,
  });
  // The draft holds only what can be sold now; the guard above read what the reply promised.
  analysis.orderLines = draftableLines(analysis, catalog);

  const outcome = await db.transaction(async (tx) => {
    const insightId = await insertInsight(tx, {
      businessId: params.businessId,
      values: {
        conversationId: conversation.id,
        kind: 'analysis',
        model: answer.model,
        tokensIn: answer.tokensIn,
        tokensOut: answer.tokensOut,
        latencyMs: answer.latencyMs,
        // What was read: the next analysis knows whether anything is new.
        output: {
          ...analysis,
          deliveryLocation,
          guard,
          context: { lastMessageId: lastInbound.id },
        },
        confidence: analysis.confidence,
      },
    });
    await updateConversation(tx, {
      businessId: params.businessId,
      conversationId: conversation.id,
      set: {
        aiIntent: analysis.intent,
        aiSentiment: analysis.sentiment,
        aiSummary: analysis.summary,
      },
    });

    const draftOrderId = await draftOrder(
      tx,
      services,
      params.businessId,
      conversation,
      analysis,
      catalog,
      deliveryLocation,
    );
    // The draft made before the customer said where (a pin after "je veux 2 wax") learns it.
    if (analysis.deliveryAddress) {
      await setDraftDeliveryPoint(tx, {
        businessId: params.businessId,
        conversationId: conversation.id,
        address: analysis.deliveryAddress,
        point: deliveryLocation,
      });
    }

    let autoReplyMessageId: string | null = null;
    const windowOpen = (conversation.serviceWindowEndsAt?.getTime() ?? 0) > Date.now();
    if (
      business.settings.autoReply &&
      windowOpen &&
      guard.autoSend &&
      analysis.confidence >= business.settings.autoReplyMinConfidence
    ) {
      try {
        const message = await queueMessage(tx, services.jobs, AI_ACTOR, {
          businessId: params.businessId,
          conversationId: conversation.id,
          clientMessageId: `ai-${insightId}`,
          content: { type: 'text', text: analysis.replyDraft },
          authorType: 'ai',
        });
        autoReplyMessageId = message.id;
      } catch (error) {
        // No WhatsApp number connected, for instance: the draft waits for a human.
        services.log.warn({ err: error, conversationId: conversation.id }, 'auto-reply not sent');
      }
    }
    if (business.settings.autoReply && windowOpen && autoReplyMessageId === null) {
      // The AI answers alone here, and did not: a person takes over (told in-app).
      await notify(tx, services.jobs, {
        type: 'conversation.handoff',
        businessId: params.businessId,
        conversationId: conversation.id,
        key: insightId,
        reason: !guard.autoSend
          ? `reply held (${[...new Set(guard.issues.map((i) => i.kind))].join(', ')}) — ${analysis.summary}`
          : analysis.confidence < business.settings.autoReplyMinConfidence
            ? `confidence ${Math.round(analysis.confidence * 100)} % — ${analysis.summary}`
            : analysis.summary,
      });
    }
    return { insightId, draftOrderId, autoReplyMessageId };
  });
  await services.live.publish(params.businessId, {
    type: 'conversation.updated',
    conversationId: conversation.id,
  });
  return { status: 'analyzed', source, fallback, analysis, guard, ...outcome };
}

/** A location message's pin, from what the ingest stored (media's point and words, the body). */
function pinOf(media: unknown, body: string | null): Pin | undefined {
  if (!media || typeof media !== 'object') return undefined;
  const { latitude, longitude, name, address } = media as Record<string, unknown>;
  const coordinate = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;
  const words = [name, address].filter((part) => typeof part === 'string' && part).join(', ');
  const pin = {
    latitude: coordinate(latitude),
    longitude: coordinate(longitude),
    label: words || body || null,
  };
  if (pin.label === null && (pin.latitude === null || pin.longitude === null)) return undefined;
  return pin;
}

/**
 * An order intent with lines becomes a draft order linked to the conversation, for the team to
 * confirm. One AI draft per conversation at a time: a later turn that changes the order ("3 au
 * lieu de 2", "retirez le chapeau") writes that draft's lines again.
 */
async function draftOrder(
  tx: Db,
  services: Pick<AppServices, 'jobs'>,
  businessId: string,
  conversation: ConversationRow,
  analysis: Analysis,
  catalog: CatalogItem[],
  point: { latitude: number; longitude: number } | null,
): Promise<string | null> {
  if (analysis.intent !== 'order' || !conversation.prospectId) return null;
  // What cannot be sold now is said in the reply draft, not drafted: the team could not confirm it.
  const sellable = new Set(catalog.filter((p) => p.active && p.stock > 0).map((p) => p.id));
  const lines = analysis.orderLines
    .filter((line) => sellable.has(line.productId))
    .map((line) => ({ productId: line.productId, quantity: line.quantity }));
  if (lines.length === 0) return null;
  const existing = await draftOrderOfConversation(tx, {
    businessId,
    conversationId: conversation.id,
  });
  if (existing) {
    await replaceDraftLines(tx, AI_ACTOR, businessId, existing, {
      lines,
      deliveryAddress: analysis.deliveryAddress ?? undefined,
      deliveryPoint: point,
    });
    return existing;
  }
  const { order } = await createOrder(tx, services.jobs, AI_ACTOR, businessId, {
    prospectId: conversation.prospectId,
    conversationId: conversation.id,
    lines,
    deliveryAddress: analysis.deliveryAddress ?? undefined,
    ...(point ? { deliveryLat: point.latitude, deliveryLng: point.longitude } : {}),
    paymentMethod: 'cash_on_delivery',
    note: analysis.summary,
    status: 'draft',
  });
  return order.id;
}
