// The words of every notification, in French and English: one function per template, from the
// facts stored on the row (payload) plus what is derived at send time only (the delivery code,
// the tracking link). Amounts are formatted for the currency and the language by the contracts'
// money helpers. WHATSAPP_TEMPLATES lists the Meta templates a business must have approved for
// messages sent outside the customer's 24 h window (their bodies, to submit as they are).
// Over 400 lines on purpose: every template's French and English side by side with the Meta bodies
// they must match, read and translated in one place (like the dashboard's message files).
import { type Currency, formatMoney, type Locale } from '@flux/contracts';
import { z } from 'zod';

/** What `notify` stores on the row: facts only, never a secret (the code is derived at send time). */
export const factsSchema = z.looseObject({
  businessName: z.string().default(''),
  customerName: z.string().nullish(),
  orderNumber: z.string().nullish(),
  total: z.number().int().nullish(),
  cashDue: z.number().int().nullish(),
  currency: z.enum(['XOF', 'EUR']).nullish(),
  courierFirstName: z.string().nullish(),
  /** The delivery whose door code the message carries (derived from it when rendered). */
  deliveryId: z.string().nullish(),
  reason: z.string().nullish(),
  dropoffAddress: z.string().nullish(),
  role: z.string().nullish(),
  /** The invitation's token, encrypted with the server key (it is the link's only secret). */
  joinTokenEncrypted: z.string().nullish(),
  invitedByName: z.string().nullish(),
  jobName: z.string().nullish(),
  error: z.string().nullish(),
  held: z.number().int().nullish(),
  /** The mailbox that must be connected again. */
  address: z.string().nullish(),
  /** The first words of a customer's message (a new-message Web Push). */
  preview: z.string().nullish(),
  /** The webhook endpoint that was disabled. */
  url: z.string().nullish(),
  /** The conversation a hand-off is about (the bell opens it). */
  conversationId: z.string().nullish(),
  /** The daily digest: how many unread, and the latest ones' lines in the member's language. */
  count: z.number().int().nullish(),
  lines: z.array(z.string()).nullish(),
  /** Where the SMS fallback goes if this channel cannot deliver (a phone), else none. */
  fallback: z.object({ channel: z.literal('sms'), to: z.string() }).nullish(),
});
export type Facts = z.input<typeof factsSchema>;
type ParsedFacts = z.infer<typeof factsSchema>;

/** What only the send knows: the door code, the tracking and join links. */
export interface SendTimeFacts {
  deliveryCode: string | null;
  trackingLink: string | null;
  joinLink: string | null;
}

export interface Rendered {
  /** Email subject, push title. */
  subject: string;
  /** WhatsApp session message, SMS, push body, email text, in-app line. */
  text: string;
  /** The approved WhatsApp template and its body parameters, for outside the 24 h window. */
  whatsappTemplate: { name: string; parameters: string[] } | null;
}

type Words = { fr: string; en: string };
const pick = (words: Words, language: Locale) => words[language];

const amount = (
  minor: number | null | undefined,
  currency: Currency | null | undefined,
  l: Locale,
) => (minor !== null && minor !== undefined && currency ? formatMoney(minor, currency, l) : '');

/** First name only: couriers are introduced as "Moussa", not by their full name. */
export const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? null;

const hello = (f: ParsedFacts, l: Locale) =>
  f.customerName
    ? pick({ fr: `Bonjour ${f.customerName}`, en: `Hello ${f.customerName}` }, l)
    : pick({ fr: 'Bonjour', en: 'Hello' }, l);

const trackLine = (link: string | null, l: Locale) =>
  link ? pick({ fr: `\nSuivi : ${link}`, en: `\nTrack it: ${link}` }, l) : '';

/** A template parameter cannot be empty for Meta: a dash stands for what we do not have. */
const param = (value: string | null | undefined) => (value?.trim() ? value : '-');

type Template = (f: ParsedFacts, extra: SendTimeFacts, l: Locale) => Rendered;

export const orderConfirmed: Template = (f, extra, l) => ({
  subject: pick(
    { fr: `Commande ${f.orderNumber} confirmée`, en: `Order ${f.orderNumber} confirmed` },
    l,
  ),
  text:
    pick(
      {
        fr: `${hello(f, l)}, votre commande ${f.orderNumber} chez ${f.businessName} est confirmée. Total : ${amount(f.total, f.currency, l)}.`,
        en: `${hello(f, l)}, your order ${f.orderNumber} at ${f.businessName} is confirmed. Total: ${amount(f.total, f.currency, l)}.`,
      },
      l,
    ) + trackLine(extra.trackingLink, l),
  whatsappTemplate: {
    name: 'order_confirmed',
    parameters: [
      param(f.customerName),
      param(f.orderNumber),
      param(amount(f.total, f.currency, l)),
      param(extra.trackingLink),
    ],
  },
});

export const orderOnTheWay: Template = (f, extra, l) => {
  const due = f.cashDue ? amount(f.cashDue, f.currency, l) : null;
  const courier = f.courierFirstName;
  return {
    subject: pick(
      { fr: `Commande ${f.orderNumber} en route`, en: `Order ${f.orderNumber} on its way` },
      l,
    ),
    text:
      pick(
        {
          fr: `${hello(f, l)}, ${courier ? `${courier} vous livre` : 'nous livrons'} votre commande ${f.orderNumber}.${due ? ` À payer à la livraison : ${due}.` : ''}${extra.deliveryCode ? ` Code à donner au livreur : ${extra.deliveryCode}.` : ''}`,
          en: `${hello(f, l)}, ${courier ? `${courier} is delivering` : 'we are delivering'} your order ${f.orderNumber}.${due ? ` To pay on delivery: ${due}.` : ''}${extra.deliveryCode ? ` Code to give the courier: ${extra.deliveryCode}.` : ''}`,
        },
        l,
      ) + trackLine(extra.trackingLink, l),
    whatsappTemplate: {
      name: 'order_on_the_way',
      parameters: [
        param(f.customerName),
        param(f.orderNumber),
        param(courier),
        param(due ?? pick({ fr: 'rien', en: 'nothing' }, l)),
        param(extra.deliveryCode),
        param(extra.trackingLink),
      ],
    },
  };
};

export const courierAssigned: Template = (f, extra, l) => ({
  subject: pick(
    { fr: `Un livreur pour ${f.orderNumber}`, en: `A courier for ${f.orderNumber}` },
    l,
  ),
  text:
    pick(
      {
        fr: `${hello(f, l)}, ${f.courierFirstName ?? 'un livreur'} va livrer votre commande ${f.orderNumber} de ${f.businessName}.`,
        en: `${hello(f, l)}, ${f.courierFirstName ?? 'a courier'} will deliver your order ${f.orderNumber} from ${f.businessName}.`,
      },
      l,
    ) + trackLine(extra.trackingLink, l),
  whatsappTemplate: {
    name: 'courier_assigned',
    parameters: [
      param(f.customerName),
      param(f.orderNumber),
      param(f.courierFirstName),
      param(extra.trackingLink),
    ],
  },
});

export const orderDelivered: Template = (f, _extra, l) => ({
  subject: pick(
    { fr: `Commande ${f.orderNumber} livrée`, en: `Order ${f.orderNumber} delivered` },
    l,
  ),
  text: pick(
    {
      fr: `${hello(f, l)}, votre commande ${f.orderNumber} est livrée. Merci de votre confiance, ${f.businessName}.`,
      en: `${hello(f, l)}, your order ${f.orderNumber} has been delivered. Thank you, ${f.businessName}.`,
    },
    l,
  ),
  whatsappTemplate: {
    name: 'order_delivered',
    parameters: [param(f.customerName), param(f.orderNumber), param(f.businessName)],
  },
});

export const orderCancelled: Template = (f, _extra, l) => ({
  subject: pick(
    { fr: `Commande ${f.orderNumber} annulée`, en: `Order ${f.orderNumber} cancelled` },
    l,
  ),
  text: pick(
    {
      fr: `${hello(f, l)}, votre commande ${f.orderNumber} chez ${f.businessName} est annulée.${f.reason ? ` Motif : ${f.reason}.` : ''}`,
      en: `${hello(f, l)}, your order ${f.orderNumber} at ${f.businessName} has been cancelled.${f.reason ? ` Reason: ${f.reason}.` : ''}`,
    },
    l,
  ),
  whatsappTemplate: {
    name: 'order_cancelled',
    parameters: [param(f.customerName), param(f.orderNumber), param(f.reason)],
  },
});

export const orderFailed: Template = (f, _extra, l) => ({
  subject: pick(
    { fr: `Livraison de ${f.orderNumber} manquée`, en: `Delivery of ${f.orderNumber} missed` },
    l,
  ),
  text: pick(
    {
      fr: `${hello(f, l)}, nous n’avons pas pu livrer votre commande ${f.orderNumber}. ${f.businessName} vous recontacte pour convenir d’un nouveau passage.`,
      en: `${hello(f, l)}, we could not deliver your order ${f.orderNumber}. ${f.businessName} will contact you to arrange another attempt.`,
    },
    l,
  ),
  whatsappTemplate: {
    name: 'order_failed',
    parameters: [param(f.customerName), param(f.orderNumber), param(f.businessName)],
  },
});

export const deliveryOffer: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Nouvelle course', en: 'New delivery' }, l),
  text: pick(
    {
      fr: `Course ${f.orderNumber} à accepter${f.dropoffAddress ? ` : ${f.dropoffAddress}` : ''}.`,
      en: `Delivery ${f.orderNumber} to accept${f.dropoffAddress ? `: ${f.dropoffAddress}` : ''}.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

/** A dispatcher gave the courier a delivery: nothing to accept, it is in their runs. */
export const deliveryAssigned: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Course attribuée', en: 'Delivery assigned' }, l),
  text: pick(
    {
      fr: `La course ${f.orderNumber} vous est attribuée${f.dropoffAddress ? ` : ${f.dropoffAddress}` : ''}.`,
      en: `Delivery ${f.orderNumber} is yours${f.dropoffAddress ? `: ${f.dropoffAddress}` : ''}.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const cashHandoverDue: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Espèces à remettre', en: 'Cash to hand over' }, l),
  text: pick(
    {
      fr: `Vous détenez ${amount(f.held, f.currency, l)} en espèces : remettez-les à ${f.businessName}.`,
      en: `You hold ${amount(f.held, f.currency, l)} in cash: hand it over to ${f.businessName}.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const deliveryFailedTeam: Template = (f, _extra, l) => ({
  subject: pick(
    { fr: `Livraison échouée : ${f.orderNumber}`, en: `Delivery failed: ${f.orderNumber}` },
    l,
  ),
  text: pick(
    {
      fr: `La livraison de ${f.orderNumber}${f.courierFirstName ? ` par ${f.courierFirstName}` : ''} a échoué${f.reason ? ` : ${f.reason}` : ''}.`,
      en: `The delivery of ${f.orderNumber}${f.courierFirstName ? ` by ${f.courierFirstName}` : ''} failed${f.reason ? `: ${f.reason}` : ''}.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const invitation: Template = (f, extra, l) => ({
  subject: pick(
    { fr: `Rejoignez ${f.businessName} sur FluxAsync`, en: `Join ${f.businessName} on FluxAsync` },
    l,
  ),
  text: pick(
    {
      fr: `${f.invitedByName ?? f.businessName} vous invite à rejoindre ${f.businessName} (${f.role}). Ce lien est valable 7 jours : ${extra.joinLink ?? ''}`,
      en: `${f.invitedByName ?? f.businessName} invites you to join ${f.businessName} (${f.role}). This link works for 7 days: ${extra.joinLink ?? ''}`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const conversationHandoff: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Une conversation vous attend', en: 'A conversation needs you' }, l),
  text: pick(
    {
      fr: `L’IA passe la main${f.customerName ? ` pour ${f.customerName}` : ''} : ${f.reason ?? ''}`,
      en: `The AI hands over${f.customerName ? ` for ${f.customerName}` : ''}: ${f.reason ?? ''}`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const jobDead: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Une tâche a échoué', en: 'A job failed' }, l),
  text: pick(
    {
      fr: `La tâche ${f.jobName} a échoué après plusieurs essais : ${f.error ?? ''}`,
      en: `The job ${f.jobName} failed after several tries: ${f.error ?? ''}`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const notificationDead: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Un message n’est pas parti', en: 'A message was not sent' }, l),
  text: pick(
    {
      fr: `Un message${f.orderNumber ? ` sur ${f.orderNumber}` : ''} n’a pas pu être envoyé : ${f.error ?? ''}. Renvoyez-le depuis la page des notifications.`,
      en: `A message${f.orderNumber ? ` about ${f.orderNumber}` : ''} could not be sent: ${f.error ?? ''}. Resend it from the notifications page.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const dailyDigest: Template = (f, _extra, l) => {
  const count = f.count ?? f.lines?.length ?? 0;
  const lines = (f.lines ?? []).map((line) => `- ${line}`).join('\n');
  const more = count - (f.lines?.length ?? 0);
  return {
    subject: pick(
      {
        fr: `${f.businessName} : ${count} notification${count > 1 ? 's' : ''} non lue${count > 1 ? 's' : ''}`,
        en: `${f.businessName}: ${count} unread notification${count > 1 ? 's' : ''}`,
      },
      l,
    ),
    text:
      pick(
        {
          fr: `Vos notifications non lues des dernières 24 heures chez ${f.businessName} :`,
          en: `Your unread notifications of the last 24 hours at ${f.businessName}:`,
        },
        l,
      ) +
      `\n${lines}` +
      (more > 0 ? pick({ fr: `\n… et ${more} autres.`, en: `\n… and ${more} more.` }, l) : '') +
      pick(
        {
          fr: '\n\nVous recevez ce résumé parce que les résumés par email sont activés (Réglages → Notifications).',
          en: '\n\nYou get this summary because email digests are on (Settings → Notifications).',
        },
        l,
      ),
    whatsappTemplate: null,
  };
};
export const emailReconnectNeeded: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Boîte mail à reconnecter', en: 'Mailbox to connect again' }, l),
  text: pick(
    {
      fr: `La boîte ${f.address ?? ''} n’est plus synchronisée (${f.reason ?? 'accès retiré'}). Reconnectez-la dans les réglages.`,
      en: `The mailbox ${f.address ?? ''} is no longer synced (${f.reason ?? 'access removed'}). Connect it again in the settings.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

/** A customer wrote: the push's title is who, its body what (as much as a lock screen shows). */
const messageReceived: Template = (f, _x, l) => ({
  subject: f.customerName || pick({ fr: 'Nouveau message', en: 'New message' }, l),
  text:
    f.preview || pick({ fr: 'Nouveau message (pièce jointe)', en: 'New message (attachment)' }, l),
  whatsappTemplate: null,
});

const deliveryFlagged: Template = (f, _x, l) => ({
  subject: pick({ fr: 'Livraison à attribuer', en: 'Delivery to assign' }, l),
  text: pick(
    {
      fr: `La commande ${f.orderNumber ?? ''} attend un livreur (${f.reason ?? 'aucun disponible'}).`,
      en: `Order ${f.orderNumber ?? ''} is waiting for a courier (${f.reason ?? 'none available'}).`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const webhookEndpointDisabled: Template = (f, _extra, l) => ({
  subject: pick({ fr: 'Webhook désactivé', en: 'Webhook disabled' }, l),
  text: pick(
    {
      fr: `L’adresse ${f.url ?? ''} échoue depuis 5 jours : ses webhooks sont désactivés. Corrigez-la puis réactivez-la dans Réglages → Webhooks.`,
      en: `The endpoint ${f.url ?? ''} has failed for 5 days: its webhooks are disabled. Fix it, then enable it again in Settings → Webhooks.`,
    },
    l,
  ),
  whatsappTemplate: null,
});

export const templates = {
  message_received: messageReceived,
  delivery_flagged: deliveryFlagged,
  order_confirmed: orderConfirmed,
  order_on_the_way: orderOnTheWay,
  courier_assigned: courierAssigned,
  order_delivered: orderDelivered,
  order_cancelled: orderCancelled,
  order_failed: orderFailed,
  delivery_offer: deliveryOffer,
  delivery_assigned: deliveryAssigned,
  cash_handover_due: cashHandoverDue,
  delivery_failed_team: deliveryFailedTeam,
  invitation,
  conversation_handoff: conversationHandoff,
  job_dead: jobDead,
  notification_dead: notificationDead,
  daily_digest: dailyDigest,
  email_reconnect_needed: emailReconnectNeeded,
  webhook_endpoint_disabled: webhookEndpointDisabled,
} as const satisfies Record<string, Template>;
export type TemplateName = keyof typeof templates;

export const isTemplateName = (name: string): name is TemplateName =>
  Object.hasOwn(templates, name);

/** The row's template with its facts, in its language. */
export function render(
  template: string,
  payload: unknown,
  language: Locale,
  extra: SendTimeFacts,
): Rendered {
  if (!isTemplateName(template)) throw new Error(`Unknown notification template ${template}`);
  return templates[template](factsSchema.parse(payload), extra, language);
}

/**
 * The Meta templates (category UTILITY) a business submits once, in both languages: customer
 * messages outside the 24 h window go as these, with the parameters in this order.
 */
export const WHATSAPP_TEMPLATES: Record<string, { parameters: string[]; body: Words }> = {
  order_confirmed: {
    parameters: ['customer name', 'order number', 'total', 'tracking link'],
    body: {
      fr: 'Bonjour {{1}}, votre commande {{2}} est confirmée. Total : {{3}}. Suivi : {{4}}',
      en: 'Hello {{1}}, your order {{2}} is confirmed. Total: {{3}}. Track it: {{4}}',
    },
  },
  courier_assigned: {
    parameters: ['customer name', 'order number', 'courier first name', 'tracking link'],
    body: {
      fr: 'Bonjour {{1}}, {{3}} va livrer votre commande {{2}}. Suivi : {{4}}',
      en: 'Hello {{1}}, {{3}} will deliver your order {{2}}. Track it: {{4}}',
    },
  },
  order_on_the_way: {
    parameters: [
      'customer name',
      'order number',
      'courier first name',
      'amount to pay',
      'delivery code',
      'tracking link',
    ],
    body: {
      fr: 'Bonjour {{1}}, {{3}} vous livre votre commande {{2}}. À payer : {{4}}. Code à donner au livreur : {{5}}. Suivi : {{6}}',
      en: 'Hello {{1}}, {{3}} is delivering your order {{2}}. To pay: {{4}}. Code to give the courier: {{5}}. Track it: {{6}}',
    },
  },
  order_delivered: {
    parameters: ['customer name', 'order number', 'business name'],
    body: {
      fr: 'Bonjour {{1}}, votre commande {{2}} est livrée. Merci de votre confiance, {{3}}.',
      en: 'Hello {{1}}, your order {{2}} has been delivered. Thank you, {{3}}.',
    },
  },
  order_cancelled: {
    parameters: ['customer name', 'order number', 'reason'],
    body: {
      fr: 'Bonjour {{1}}, votre commande {{2}} est annulée. Motif : {{3}}.',
      en: 'Hello {{1}}, your order {{2}} has been cancelled. Reason: {{3}}.',
    },
  },
  order_failed: {
    parameters: ['customer name', 'order number', 'business name'],
    body: {
      fr: 'Bonjour {{1}}, nous n’avons pas pu livrer votre commande {{2}}. {{3}} vous recontacte.',
      en: 'Hello {{1}}, we could not deliver your order {{2}}. {{3}} will contact you.',
    },
  },
};
