// Turns demo-data.ts into insertable rows for one moment `now`: every timestamp is relative to
// it, every choice comes from a seeded PRNG, so two runs build the same shop (only uuids differ).
// Pure: no database access; index.ts inserts what this returns.
// Over 400 lines on purpose: buildDemo walks the month once, in time order, and every step draws
// from the same seeded PRNG and reads the rows built before it; cut into files, the steps would
// pass a dozen accumulators around and a reordering would silently change the demo.
import { randomUUID } from 'node:crypto';
import {
  type BusinessSettings,
  businessSettingsSchema,
  defaultBusinessSettings,
  type NewAuditLog,
  type NewBusiness,
  type NewConversation,
  type NewCourier,
  type NewDelivery,
  type NewDeliveryEvent,
  type NewMembership,
  type NewMessage,
  type NewOrder,
  type NewOrderItem,
  type NewProduct,
  type NewProspect,
  type NewSubscription,
  type NewWhatsappAccount,
  type OrderStatus,
  type PaymentStatus,
} from '../schema';
import {
  DEMO_DELIVERY_FEE,
  DEMO_PHONE_NUMBER_ID,
  DEMO_PICKUP,
  DEMO_SLUG,
  DEMO_WHATSAPP_DISPLAY,
  type DemoOrderPlan,
  type DemoProduct,
  type DemoProspect,
  demoCouriers,
  demoNeighbourhoods,
  demoOrderPlan,
  demoProducts,
  demoProspects,
  demoQuestionStories,
} from './demo-data';
import { createRandom, type Random } from './random';

/** Any constant works; Senegal's calling code. */
const SEED = 221;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** WhatsApp's customer-service window after the customer's last message. */
const SERVICE_WINDOW = 24 * HOUR;
const OFFER_TTL = defaultBusinessSettings.dispatch.offerTtlSeconds * SECOND;
const PICKUP_ADDRESS = `Boutique Awa, ${DEMO_PICKUP.address}`;

export interface DemoStaff {
  owner: { id: string; email: string };
  agent: { id: string; email: string };
  /** In demoCouriers order. */
  courierUserIds: readonly string[];
}

export interface DemoRows {
  business: NewBusiness & { id: string };
  memberships: NewMembership[];
  subscription: NewSubscription;
  whatsappAccount: NewWhatsappAccount;
  products: NewProduct[];
  prospects: NewProspect[];
  conversations: NewConversation[];
  messages: NewMessage[];
  orders: NewOrder[];
  orderItems: NewOrderItem[];
  couriers: NewCourier[];
  deliveries: NewDelivery[];
  deliveryEvents: NewDeliveryEvent[];
  auditLogs: NewAuditLog[];
}

export const demoSettings: BusinessSettings = businessSettingsSchema.parse({
  ...defaultBusinessSettings,
  deliveryFee: DEMO_DELIVERY_FEE,
  pickup: DEMO_PICKUP,
});

/** "12 500": how amounts are written in the shop's messages. */
export const formatXof = (amount: number) => String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

const roundCoordinate = (value: number) => Math.round(value * 1e6) / 1e6;

function distanceMeters(from: { lat: number; lng: number }, to: { lat: number; lng: number }) {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.lat - from.lat);
  const dLng = radians(to.lng - from.lng);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(a)));
}

function itemsText(lines: readonly { product: DemoProduct; quantity: number }[]) {
  const parts = lines.map(
    ({ product, quantity }) => `${quantity} ${quantity > 1 ? product.many : product.one}`,
  );
  const last = parts.pop();
  return parts.length > 0 ? `${parts.join(', ')} et ${last}` : (last ?? '');
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo seed: missing ${what}`);
  return value;
}

const TERMINAL: readonly OrderStatus[] = ['delivered', 'cancelled', 'failed', 'returned'];
const CONFIRMED: readonly OrderStatus[] = [
  'confirmed',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'failed',
  'returned',
];
const PREPARED: readonly OrderStatus[] = [
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'failed',
  'returned',
];

/** When each step of an order happened (epoch ms); absent steps did not happen. */
interface OrderTimeline {
  created: number;
  confirmed?: number;
  preparing?: number;
  ready?: number;
  offered?: number;
  rejected?: number;
  accepted?: number;
  pickedUp?: number;
  delivered?: number;
  failed?: number;
  cancelled?: number;
  returned?: number;
}

interface BuiltOrder {
  plan: DemoOrderPlan;
  row: NewOrder & { id: string; number: number; total: number };
  lines: { product: DemoProduct; productId: string; quantity: number }[];
  prospect: DemoProspect;
  prospectIndex: number;
  timeline: OrderTimeline;
  dropoff: { address: string; lat: number; lng: number };
}

/** Africa/Dakar is UTC+0 all year, so UTC hours are the shop's hours. */
const greeting = (at: number) => {
  const hour = new Date(at).getUTCHours();
  return hour >= 17 || hour < 4 ? 'Bonsoir' : 'Bonjour';
};

function orderTimeline(
  plan: DemoOrderPlan,
  created: number,
  now: number,
  random: Random,
): OrderTimeline {
  const t: OrderTimeline = { created };
  if (CONFIRMED.includes(plan.status) || plan.cancelledAfterConfirm) {
    t.confirmed = created + random.int(12, 40) * MINUTE;
  }
  const confirmed = t.confirmed ?? created;
  if (PREPARED.includes(plan.status)) t.preparing = confirmed + random.int(5, 20) * MINUTE;
  switch (plan.status) {
    case 'ready': {
      t.ready = now - random.int(15, 45) * MINUTE;
      if (plan.rejectedBy !== undefined) {
        t.offered = t.ready + MINUTE;
        t.rejected = t.offered + random.int(10, 30) * SECOND;
      }
      break;
    }
    case 'out_for_delivery': {
      t.pickedUp = now - random.int(25, 70) * MINUTE;
      t.accepted = t.pickedUp - random.int(8, 20) * MINUTE;
      t.offered = t.accepted - random.int(10, 40) * SECOND;
      t.ready = t.offered - MINUTE;
      break;
    }
    case 'delivered':
    case 'failed':
    case 'returned': {
      t.ready = confirmed + random.int(60, 180) * MINUTE;
      t.offered = t.ready + MINUTE;
      t.accepted = t.offered + random.int(10, 40) * SECOND;
      t.pickedUp = t.accepted + random.int(10, 25) * MINUTE;
      const end = t.pickedUp + random.int(25, 70) * MINUTE;
      const failed = plan.status === 'failed' || plan.returnedAfter === 'failed';
      if (failed) t.failed = end;
      else t.delivered = end;
      if (plan.status === 'returned') {
        t.returned = failed ? end + 4 * HOUR : end + 2 * DAY;
      }
      break;
    }
    case 'cancelled': {
      t.cancelled = confirmed + random.int(90, 240) * MINUTE;
      break;
    }
    default:
      break;
  }
  return t;
}

/** The order's story in the chat, the customer's line first, and when each line was sent. */
function orderConversation(
  order: BuiltOrder,
  random: Random,
  courierFirstName: string | undefined,
): { lines: string[]; times: number[] } {
  const { plan, prospect, timeline: t, row } = order;
  const hood = demoNeighbourhoods[prospect.hood];
  const first = required(order.lines[0], 'order line').product;
  const total = formatXof(row.total);

  // The order is created right after the customer asks for it (by the AI for a draft).
  const times: number[] = [];
  times[4] = t.created - (plan.status === 'draft' ? 1 : random.int(2, 6)) * MINUTE;
  for (let index = 3; index >= 0; index -= 1) {
    times[index] = required(times[index + 1], 'message time') - random.int(2, 14) * MINUTE;
  }

  const hello = greeting(required(times[0], 'first message'));
  const opening = random.pick([
    { ask: `${hello}, vous avez ${first.ask} ?`, hello },
    { ask: `Salam aleykoum, vous avez toujours ${first.ask} ?`, hello: 'Aleykoum salam' },
    { ask: `${hello}, je cherche ${first.ask}, il en reste ?`, hello },
  ]);
  // Drawn whatever the hour, so the rest of the seed does not depend on the time it runs.
  const sameDayDelivery = random.pick([
    `La livraison ${hood.at} c'est 1 500 FCFA, on livre dans la journée 🛵`,
    `Oui, 1 500 FCFA la livraison ${hood.at}. Le livreur passe aujourd'hui si vous confirmez avant 15 h.`,
  ]);
  const lines = [
    opening.ask,
    random.pick([
      `${opening.hello} ${prospect.greet} ! Oui, c'est disponible ✅ ${formatXof(first.price)} FCFA. Vous êtes dans quel quartier ?`,
      `${opening.hello} ${prospect.greet} ! Oui on en a en stock, c'est ${formatXof(first.price)} FCFA. Vous habitez où ?`,
    ]),
    random.pick([
      `Je suis ${hood.at}. C'est combien la livraison ?`,
      `C'est combien la livraison ${hood.at} ?`,
      `J'habite ${hood.at}, vous livrez là-bas ?`,
    ]),
    new Date(required(times[3], 'message time')).getUTCHours() < 15
      ? sameDayDelivery
      : `La livraison ${hood.at} c'est 1 500 FCFA. Si vous confirmez ce soir, on livre demain matin 🛵`,
    random.pick([
      `Ok je veux commander ${itemsText(order.lines)} svp`,
      `D'accord, je prends ${itemsText(order.lines)}`,
      `Je veux commander ${itemsText(order.lines)} svp 🙏`,
    ]),
  ];
  const recap =
    plan.payment === 'mobile_money'
      ? `C'est noté ✅ Commande n°${row.number} : ${total} FCFA livraison comprise. Vous pouvez payer par Wave ou Orange Money au ${DEMO_WHATSAPP_DISPLAY.replace('+221 ', '')} 🙏`
      : `C'est noté ✅ Commande n°${row.number} : ${total} FCFA livraison comprise, paiement à la livraison. Le livreur vous appelle avant de passer.`;

  const long = row.number % 2 === 0 ? 7 : 8;
  switch (plan.status) {
    case 'draft':
      break;
    case 'pending':
      // The oldest pending order waits for the customer's exact address.
      if (plan.daysAgo > 1) {
        lines.push(
          "Très bien ! Vous pouvez m'envoyer l'adresse exacte ou votre localisation pour la livraison ?",
        );
        times.push(t.created + random.int(1, 4) * MINUTE);
      }
      break;
    case 'confirmed':
    case 'preparing':
    case 'ready':
      lines.push(recap);
      times.push(required(t.confirmed, 'confirmation'));
      break;
    case 'out_for_delivery': {
      const pickedUp = required(t.pickedUp, 'pick-up');
      lines.push(recap, 'Le livreur arrive vers quelle heure ?');
      times.push(required(t.confirmed, 'confirmation'), pickedUp + random.int(3, 10) * MINUTE);
      if (long === 8) {
        lines.push(
          `${courierFirstName ?? 'Le livreur'} a récupéré votre colis, il sera chez vous d'ici 30 minutes 🛵`,
        );
        times.push(required(times.at(-1), 'message time') + random.int(1, 3) * MINUTE);
      }
      break;
    }
    case 'delivered': {
      const thanks = random.pick([
        'Merci, bien reçu 🙏',
        "Bien reçu, c'est encore plus beau qu'en photo 😍 merci",
        'Colis reçu, merci beaucoup 🙏',
      ]);
      lines.push(recap, thanks);
      const thanked = required(t.delivered, 'delivery') + random.int(10, 50) * MINUTE;
      times.push(required(t.confirmed, 'confirmation'), thanked);
      if (long === 8) {
        lines.push(`Merci à vous ${prospect.greet}, à bientôt chez Boutique Awa !`);
        times.push(thanked + random.int(2, 10) * MINUTE);
      }
      break;
    }
    case 'failed': {
      lines.push(
        recap,
        "Désolée, je n'étais pas là quand le livreur est passé. On peut reprogrammer ?",
      );
      const asked = required(t.failed, 'failure') + random.int(20, 90) * MINUTE;
      times.push(required(t.confirmed, 'confirmation'), asked);
      if (long === 8) {
        lines.push(
          `Pas de souci ${prospect.greet}, je vous rappelle pour fixer un nouveau créneau.`,
        );
        times.push(asked + random.int(3, 15) * MINUTE);
      }
      break;
    }
    case 'cancelled': {
      const cancelled = required(t.cancelled, 'cancellation');
      lines.push(
        t.confirmed !== undefined
          ? recap
          : `C'est noté, je prépare la commande n°${row.number} et je vous confirme.`,
        "Finalement je vais annuler, désolée 🙏 Je n'ai pas encore reçu mon salaire",
        "D'accord, c'est annulé. À une prochaine fois !",
      );
      times.push(
        t.confirmed ?? t.created + 3 * MINUTE,
        cancelled - random.int(3, 8) * MINUTE,
        cancelled + MINUTE,
      );
      break;
    }
    case 'returned': {
      const failed = plan.returnedAfter === 'failed';
      const asked = failed
        ? required(t.failed, 'failure') + 2 * HOUR
        : required(t.delivered, 'delivery') + DAY;
      if (failed) {
        lines.push(
          recap,
          "Je n'étais pas à Dakar cette semaine, désolée. Gardez la commande, je recommanderai plus tard",
          "D'accord, le colis revient en boutique. Bon voyage !",
        );
      } else {
        lines.push(
          recap,
          'La taille ne me va pas, je peux la retourner ?',
          'Oui bien sûr, le livreur passe la récupérer et on vous rembourse par Wave.',
        );
      }
      times.push(required(t.confirmed, 'confirmation'), asked, asked + random.int(5, 15) * MINUTE);
      break;
    }
  }
  return { lines, times: times.slice(0, lines.length) };
}

function orderAi(order: BuiltOrder): { intent: string; sentiment: string; summary: string } {
  const hood = demoNeighbourhoods[order.prospect.hood];
  const { number, total } = order.row;
  switch (order.plan.status) {
    case 'draft':
      return {
        intent: 'order',
        sentiment: 'positive',
        summary: `Veut commander ${itemsText(order.lines)}, livraison ${hood.at}. Brouillon de commande n°${number} créé.`,
      };
    case 'pending':
      return {
        intent: 'order',
        sentiment: 'positive',
        summary: `Commande n°${number} (${formatXof(total)} FCFA) à confirmer, livraison ${hood.at}.`,
      };
    case 'out_for_delivery':
      return {
        intent: 'delivery_question',
        sentiment: 'neutral',
        summary: `Commande n°${number} en route ${hood.at} ; demande l'heure d'arrivée du livreur.`,
      };
    case 'failed':
      return {
        intent: 'delivery_question',
        sentiment: 'negative',
        summary: `Livraison de la commande n°${number} échouée (cliente absente) ; souhaite reprogrammer.`,
      };
    default:
      return {
        intent: 'order',
        sentiment: 'positive',
        summary: `Commande n°${number} confirmée (${formatXof(total)} FCFA), livraison ${hood.at}.`,
      };
  }
}

export function buildDemo(input: { now: Date; staff: DemoStaff }): DemoRows {
  const random = createRandom(SEED);
  const now = input.now.getTime();
  const { staff } = input;
  /** Every past moment goes through here, so a plan that lands in the future fails loudly. */
  const past = (ms: number) => {
    if (ms > now) throw new Error('demo seed: an event lands in the future');
    return new Date(ms);
  };
  /**
   * Squeezes a moment older than a day into shop hours (fromHour–toHour) of the same day, so
   * old chats do not happen at 3 a.m. Monotonic, so the order of events does not depend on the
   * hour the seed runs; a moment keeps its time if `room` after it would reach past now.
   */
  const shopHours = (raw: number, room: number, fromHour: number, toHour: number) => {
    if (now - raw < DAY) return raw;
    const dayStart = raw - (raw % DAY);
    const moved =
      dayStart +
      fromHour * HOUR +
      Math.round(((raw - dayStart) / DAY) * (toHour - fromHour) * HOUR);
    return moved + room <= now ? moved : raw;
  };
  const businessId = randomUUID();
  const businessCreated = now - 62 * DAY;

  const business: DemoRows['business'] = {
    id: businessId,
    name: 'Boutique Awa',
    slug: DEMO_SLUG,
    country: 'SN',
    currency: 'XOF',
    timezone: 'Africa/Dakar',
    locale: 'fr',
    settings: demoSettings,
    orderCounter: demoOrderPlan.length,
    createdAt: past(businessCreated),
    updatedAt: past(businessCreated + HOUR),
  };

  const memberships: NewMembership[] = [
    { businessId, userId: staff.owner.id, role: 'owner', createdAt: past(businessCreated) },
    {
      businessId,
      userId: staff.agent.id,
      role: 'agent',
      createdAt: past(businessCreated + 3 * DAY),
    },
    ...staff.courierUserIds.map((userId) => ({
      businessId,
      userId,
      role: 'courier' as const,
      createdAt: past(businessCreated + 5 * DAY),
    })),
  ];

  const subscription: NewSubscription = {
    businessId,
    plan: 'starter',
    status: 'active',
    currentPeriodEnd: new Date(now + 30 * DAY),
    messagesLimit: 10_000,
    aiCallsLimit: 2_500,
    couriersLimit: 10,
    createdAt: past(businessCreated),
  };

  const whatsappAccount: NewWhatsappAccount = {
    businessId,
    phoneNumberId: DEMO_PHONE_NUMBER_ID,
    wabaId: '200000000000001',
    displayPhoneNumber: DEMO_WHATSAPP_DISPLAY,
    // A placeholder, not a token: without WhatsApp credentials the product runs the sandbox
    // sender, which records outgoing messages and never uses this value. Connecting a real
    // number replaces it. (The column type encrypts whatever it is given, this included.)
    accessToken: 'sandbox:not-a-real-token',
    verifiedName: 'Boutique Awa',
    active: true,
    createdAt: past(businessCreated + HOUR),
  };

  const productIds = new Map<string, string>();
  const products: NewProduct[] = demoProducts.map((product, index) => {
    const id = randomUUID();
    productIds.set(product.sku, id);
    return {
      id,
      businessId,
      sku: product.sku,
      name: product.name,
      description: product.description,
      price: product.price,
      currency: 'XOF',
      stock: product.stock,
      active: product.active,
      createdAt: past(businessCreated + DAY + index * 7 * MINUTE),
      updatedAt: past(businessCreated + DAY + index * 7 * MINUTE),
    };
  });

  // Prospects: a phone each, distinct from each other and from staff and couriers.
  const usedPhones = new Set<string>([
    '+221771234567',
    '+221776543210',
    ...demoCouriers.map((courier) => courier.phone),
  ]);
  const prospectRows = demoProspects.map((prospect, index) => {
    let phone: string;
    do {
      phone = `+221${random.pick(['77', '78', '76', '70'])}${random.int(1_000_000, 9_999_999)}`;
    } while (usedPhones.has(phone));
    usedPhones.add(phone);
    const assignedUserId = prospect.tags.includes('vip')
      ? staff.owner.id
      : index % 3 !== 0
        ? staff.agent.id
        : null;
    return { id: randomUUID(), phone, assignedUserId };
  });
  const prospectAt = (index: number) => required(prospectRows[index], `prospect ${index}`);

  // Orders, numbered in creation order.
  const activeProducts = demoProducts.filter((product) => product.active);
  const inStock = activeProducts.filter((product) => product.stock > 0);
  // An order's steps take up to ~8 h after it is created; number them in creation order.
  const planned = demoOrderPlan
    .map((plan) => ({ plan, created: shopHours(now - plan.daysAgo * DAY, 9 * HOUR, 9, 13) }))
    .sort((a, b) => a.created - b.created);
  const builtOrders: BuiltOrder[] = planned.map(({ plan, created }, index) => {
    const number = index + 1;
    const prospect = required(demoProspects[plan.prospect], `prospect ${plan.prospect}`);
    const prospectRow = prospectAt(plan.prospect);
    const count = random.pick([1, 1, 1, 2, 2, 3]);
    const lines = random
      .sample(TERMINAL.includes(plan.status) ? activeProducts : inStock, count)
      .map((product) => ({
        product,
        productId: required(productIds.get(product.sku), product.sku),
        quantity:
          product.price <= 3_000
            ? random.int(1, 4)
            : random.chance(product.price >= 20_000 ? 0.85 : 0.7)
              ? 1
              : 2,
      }));
    const subtotal = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
    const total = subtotal + DEMO_DELIVERY_FEE;
    const hood = demoNeighbourhoods[prospect.hood];
    const dropoff = {
      address: `${random.pick(hood.streets)}, ${hood.name}, Dakar`,
      lat: roundCoordinate(hood.lat + random.between(-0.004, 0.004)),
      lng: roundCoordinate(hood.lng + random.between(-0.004, 0.004)),
    };
    const timeline = orderTimeline(plan, created, now, random);
    const cod = plan.payment === 'cash_on_delivery';
    let paymentStatus: PaymentStatus = 'unpaid';
    if (plan.status === 'returned' && plan.returnedAfter === 'delivered' && !cod) {
      paymentStatus = 'refunded';
    } else if (plan.status === 'delivered' || (!cod && CONFIRMED.includes(plan.status))) {
      // Mobile money is paid when the order is confirmed, cash when it is handed over.
      paymentStatus = 'paid';
    }
    // What a courier still has to collect: nothing once cancelled or back in the shop.
    const cashDue =
      cod && paymentStatus === 'unpaid' && plan.status !== 'cancelled' && plan.status !== 'returned'
        ? total
        : 0;
    const lastStep = Math.max(
      ...Object.values(timeline).filter((value): value is number => typeof value === 'number'),
    );
    return {
      plan,
      prospect,
      prospectIndex: plan.prospect,
      lines,
      timeline,
      dropoff,
      row: {
        id: randomUUID(),
        businessId,
        number,
        prospectId: prospectRow.id,
        conversationId: null,
        status: plan.status,
        subtotal,
        deliveryFee: DEMO_DELIVERY_FEE,
        total,
        currency: 'XOF',
        paymentMethod: plan.payment,
        paymentStatus,
        cashDue,
        deliveryAddress: dropoff.address,
        deliveryLat: dropoff.lat,
        deliveryLng: dropoff.lng,
        note: plan.note ?? null,
        confirmedAt: timeline.confirmed === undefined ? null : past(timeline.confirmed),
        deliveredAt: timeline.delivered === undefined ? null : past(timeline.delivered),
        cancelledAt: timeline.cancelled === undefined ? null : past(timeline.cancelled),
        // Drafts come from the AI reading the chat; people create the others.
        createdBy: plan.status === 'draft' ? null : (prospectRow.assignedUserId ?? staff.owner.id),
        createdAt: past(timeline.created),
        updatedAt: past(lastStep),
      },
    };
  });

  const orderItems: NewOrderItem[] = builtOrders.flatMap((order) =>
    order.lines.map((line) => ({
      businessId,
      orderId: order.row.id,
      productId: line.productId,
      name: line.product.name,
      quantity: line.quantity,
      unitPrice: line.product.price,
      lineTotal: line.product.price * line.quantity,
      createdAt: past(order.timeline.created),
    })),
  );

  // Couriers and their app logins.
  const courierRows: NewCourier[] = demoCouriers.map((courier, index) => ({
    id: randomUUID(),
    businessId,
    userId: required(staff.courierUserIds[index], `courier user ${index}`),
    name: courier.name,
    phone: courier.phone,
    vehicle: courier.vehicle,
    status: courier.status,
    capacity: courier.capacity,
    active: true,
    lastLat: courier.lat,
    lastLng: courier.lng,
    lastSeenAt: past(now - courier.lastSeenMinutesAgo * MINUTE),
    createdAt: past(businessCreated + 5 * DAY),
  }));
  const courierId = (index: number) => required(courierRows[index]?.id, `courier ${index}`);

  // Conversations: a prospect's latest order from the last two weeks is the story of its chat;
  // the others talk about something else (see demoQuestionStories).
  const conversations: NewConversation[] = [];
  const messages: NewMessage[] = [];
  const prospects: NewProspect[] = [];
  let wamid = 0;
  demoProspects.forEach((prospect, index) => {
    const prospectRow = prospectAt(index);
    const recentOrder = builtOrders
      .filter((order) => order.prospectIndex === index && order.plan.daysAgo <= 14)
      .at(-1);
    const conversationId = randomUUID();
    let lines: string[];
    let times: number[];
    let ai: { intent: string; sentiment: string; summary: string };
    let closed: boolean;
    if (recentOrder) {
      recentOrder.row.conversationId = conversationId;
      const courier =
        recentOrder.plan.courier === undefined ? undefined : demoCouriers[recentOrder.plan.courier];
      ({ lines, times } = orderConversation(recentOrder, random, courier?.name.split(' ')[0]));
      ai = orderAi(recentOrder);
      closed = ['delivered', 'cancelled', 'returned'].includes(recentOrder.plan.status);
    } else {
      const story = required(prospect.story, `story of ${prospect.name}`);
      const script = demoQuestionStories[story.key];
      const count = Math.min(story.messages, script.lines.length);
      times = [];
      let time = shopHours(now - story.lastHoursAgo * HOUR, HOUR, 10, 20);
      for (let line = count - 1; line >= 0; line -= 1) {
        times[line] = time;
        time -= random.int(2, 25) * MINUTE;
      }
      const hello = greeting(required(times[0], 'first message'));
      lines = script.lines
        .slice(0, count)
        .map((line) => line.replaceAll('{greet}', prospect.greet).replaceAll('{hello}', hello));
      ai = script;
      closed = story.closed ?? false;
    }

    const authorUserId = prospectRow.assignedUserId ?? staff.owner.id;
    let lastInbound = 0;
    lines.forEach((body, line) => {
      const createdAt = required(times[line], 'message time');
      const previous = times[line - 1];
      if (previous !== undefined && previous >= createdAt) {
        throw new Error(`demo seed: messages of ${prospect.name} are out of order`);
      }
      wamid += 1;
      const common = {
        businessId,
        conversationId,
        externalId: `wamid.DEMO${String(wamid).padStart(6, '0')}`,
        type: 'text' as const,
        body,
        createdAt: past(createdAt),
      };
      if (line % 2 === 0) {
        lastInbound = createdAt;
        messages.push({
          ...common,
          direction: 'in',
          status: 'received',
          authorType: 'customer',
          updatedAt: past(createdAt),
        });
        return;
      }
      // The customer read a reply before answering it; the last reply may still be unread.
      const next = times[line + 1];
      const deliveredAt = createdAt + random.int(2, 20) * SECOND;
      let status: 'sent' | 'delivered' | 'read' = 'read';
      let readAt: number | undefined;
      if (next !== undefined) {
        readAt = createdAt + Math.min(random.int(20, 600) * SECOND, (next - createdAt) / 2);
      } else if (now - createdAt < 2 * MINUTE) {
        status = 'sent';
      } else if (random.chance(0.6)) {
        readAt = createdAt + Math.min(random.int(1, 60) * MINUTE, (now - createdAt) / 2);
      } else {
        status = 'delivered';
      }
      messages.push({
        ...common,
        direction: 'out',
        status,
        authorType: 'user',
        authorUserId,
        sentAt: past(createdAt),
        deliveredAt: status === 'sent' ? null : past(deliveredAt),
        readAt: readAt === undefined ? null : past(readAt),
        updatedAt: past(readAt ?? (status === 'sent' ? createdAt : deliveredAt)),
      });
    });

    const firstAt = required(times[0], 'first message');
    const lastAt = required(times[lines.length - 1], 'last message');
    const endsInbound = lines.length % 2 === 1;
    const status = closed
      ? 'closed'
      : endsInbound || recentOrder?.plan.status === 'failed'
        ? 'open'
        : 'pending';
    conversations.push({
      id: conversationId,
      businessId,
      prospectId: prospectRow.id,
      channel: 'whatsapp',
      status,
      unreadCount: status !== 'closed' && endsInbound ? 1 : 0,
      lastMessageAt: past(lastAt),
      serviceWindowEndsAt: new Date(lastInbound + SERVICE_WINDOW),
      assignedUserId: prospectRow.assignedUserId,
      // The analysis runs on live conversations; closed ones were never re-read.
      aiIntent: status === 'closed' ? null : ai.intent,
      aiSentiment: status === 'closed' ? null : ai.sentiment,
      aiSummary: status === 'closed' ? null : ai.summary,
      createdAt: past(firstAt),
      updatedAt: past(lastAt),
    });

    const firstOrder = builtOrders.find((order) => order.prospectIndex === index);
    const firstSeen = Math.min(firstAt, (firstOrder?.timeline.created ?? firstAt) - 40 * MINUTE);
    prospects.push({
      id: prospectRow.id,
      businessId,
      phone: prospectRow.phone,
      waId: prospectRow.phone.slice(1),
      name: prospect.name,
      email: prospect.email ?? null,
      status: prospect.status,
      tags: [...prospect.tags],
      assignedUserId: prospectRow.assignedUserId,
      notes: prospect.notes ?? null,
      lastContactAt: past(lastAt),
      createdAt: past(firstSeen),
      updatedAt: past(lastAt),
    });
  });

  // Deliveries for every order that reached the dispatch stage, with their event logs.
  const deliveries: NewDelivery[] = [];
  const deliveryEvents: NewDeliveryEvent[] = [];
  const lastOfferAt = new Map<string, number>();
  for (const order of builtOrders) {
    const { plan, timeline: t, dropoff, row } = order;
    if (t.ready === undefined) continue;
    const deliveryId = randomUUID();
    const assigned = plan.status !== 'ready';
    const courier = assigned
      ? courierId(required(plan.courier, `courier of order ${row.number}`))
      : null;
    const status =
      plan.status === 'ready'
        ? 'pending'
        : plan.status === 'out_for_delivery'
          ? 'picked_up'
          : t.failed !== undefined
            ? 'failed'
            : 'delivered';
    const cod = plan.payment === 'cash_on_delivery';
    const offeredTo =
      courier ?? (plan.rejectedBy === undefined ? null : courierId(plan.rejectedBy));
    if (offeredTo && t.offered !== undefined) {
      lastOfferAt.set(offeredTo, Math.max(lastOfferAt.get(offeredTo) ?? 0, t.offered));
    }
    const lastStep =
      (t.delivered ?? t.failed ?? t.pickedUp ?? t.rejected ?? t.ready) +
      (plan.status === 'ready' ? SECOND : 0);
    deliveries.push({
      id: deliveryId,
      businessId,
      orderId: row.id,
      courierId: courier,
      status,
      pickupAddress: PICKUP_ADDRESS,
      pickupLat: DEMO_PICKUP.lat,
      pickupLng: DEMO_PICKUP.lng,
      dropoffAddress: dropoff.address,
      dropoffLat: dropoff.lat,
      dropoffLng: dropoff.lng,
      distanceM: distanceMeters(DEMO_PICKUP, dropoff),
      // A refused offer leaves the delivery pending with no live offer; the events keep the history.
      offeredAt: t.offered === undefined || !courier ? null : past(t.offered),
      offerExpiresAt: t.offered === undefined || !courier ? null : new Date(t.offered + OFFER_TTL),
      acceptedAt: t.accepted === undefined ? null : past(t.accepted),
      pickedUpAt: t.pickedUp === undefined ? null : past(t.pickedUp),
      deliveredAt: t.delivered === undefined ? null : past(t.delivered),
      failedAt: t.failed === undefined ? null : past(t.failed),
      failureReason: t.failed === undefined ? null : (plan.failureReason ?? 'Client absent.'),
      cashCollected: status === 'delivered' && cod ? row.total : 0,
      attempts: t.offered === undefined ? 0 : 1,
      // A ready order's delivery found no taker (one refused, nobody else free): it waits with
      // the dispatcher, flagged on the board, and the minute sweep offers it again to whoever
      // becomes free, as assignment leaves it (services/dispatch/assignment.ts).
      needsDispatcher: status === 'pending',
      createdAt: past(t.ready),
      updatedAt: past(lastStep),
    });

    const event = (
      type: NewDeliveryEvent['type'],
      at: number,
      extra: Partial<NewDeliveryEvent> = {},
    ) => deliveryEvents.push({ businessId, deliveryId, type, at: past(at), ...extra });
    event('created', t.ready);
    if (t.offered !== undefined && offeredTo) {
      event('offered', t.offered, { courierId: offeredTo, data: { round: 1 } });
    }
    if (t.rejected !== undefined && offeredTo) {
      event('rejected', t.rejected, {
        courierId: offeredTo,
        note: "Pneu crevé, je ne peux pas rouler pour l'instant.",
      });
    }
    if (status === 'pending') {
      const reason =
        t.rejected === undefined
          ? 'no available courier within 10 km'
          : 'refused, nobody else free';
      event('cancelled', (t.rejected ?? t.ready) + SECOND, {
        note: `needs a dispatcher: ${reason}`,
        data: { needsDispatcher: true, reason },
      });
    }
    if (!courier) continue;
    if (t.accepted !== undefined) event('accepted', t.accepted, { courierId: courier });
    if (t.pickedUp !== undefined) {
      event('picked_up', t.pickedUp, {
        courierId: courier,
        lat: DEMO_PICKUP.lat,
        lng: DEMO_PICKUP.lng,
      });
    }
    if (plan.status === 'out_for_delivery') {
      const position = required(demoCouriers[required(plan.courier, 'courier')], 'courier');
      event('location', now - random.int(1, 4) * MINUTE, {
        courierId: courier,
        lat: position.lat,
        lng: position.lng,
      });
    }
    if (t.delivered !== undefined) {
      event('delivered', t.delivered, {
        courierId: courier,
        lat: dropoff.lat,
        lng: dropoff.lng,
        note: cod ? `Encaissé ${formatXof(row.total)} FCFA` : 'Remis en main propre',
      });
    }
    if (t.failed !== undefined) {
      event('failed', t.failed, {
        courierId: courier,
        lat: dropoff.lat,
        lng: dropoff.lng,
        note: plan.failureReason ?? null,
      });
    }
  }
  for (const courier of courierRows) {
    const offered = courier.id === undefined ? undefined : lastOfferAt.get(courier.id);
    courier.lastOfferAt = offered === undefined ? null : past(offered);
  }

  // The owner's trail: setting the shop up, a price change, and a few order transitions.
  const owner = { businessId, actorUserId: staff.owner.id, actorLabel: staff.owner.email };
  const transition = (order: BuiltOrder, from: OrderStatus, to: OrderStatus, at: number) => ({
    ...owner,
    action: 'order.transition',
    entityType: 'order',
    entityId: order.row.id,
    changes: { number: order.row.number, from, to },
    createdAt: past(at),
  });
  const auditLogs: NewAuditLog[] = [
    {
      ...owner,
      action: 'business.update',
      entityType: 'business',
      entityId: businessId,
      changes: {
        settings: {
          deliveryFee: { from: defaultBusinessSettings.deliveryFee, to: DEMO_DELIVERY_FEE },
          pickup: { from: null, to: DEMO_PICKUP },
        },
      },
      createdAt: past(businessCreated + HOUR),
    },
    {
      ...owner,
      action: 'product.update',
      entityType: 'product',
      entityId: required(productIds.get('WAX-003'), 'WAX-003'),
      changes: { sku: 'WAX-003', price: { from: 32_500, to: 35_000 } },
      createdAt: past(now - 10 * DAY),
    },
  ];
  const emails = new Map([
    [staff.owner.id, staff.owner.email],
    [staff.agent.id, staff.agent.email],
  ]);
  for (const order of builtOrders) {
    const { plan, timeline: t } = order;
    // Every order's history starts with its creation, by whoever created it (the AI for drafts
    // read from a chat), as orders.create writes it.
    const creator = order.row.createdBy ?? null;
    auditLogs.push({
      businessId,
      actorUserId: creator,
      actorLabel: (creator && emails.get(creator)) ?? 'ai',
      action: 'order.create',
      entityType: 'order',
      entityId: order.row.id,
      changes: {
        number: order.row.number,
        status: plan.status === 'draft' ? 'draft' : 'pending',
        total: order.row.total,
        lines: order.lines.length,
      },
      createdAt: past(t.created),
    });
    if (plan.status === 'confirmed') {
      auditLogs.push(transition(order, 'pending', 'confirmed', required(t.confirmed, 'confirm')));
    } else if (plan.status === 'preparing') {
      auditLogs.push(transition(order, 'confirmed', 'preparing', required(t.preparing, 'prepare')));
    } else if (plan.status === 'ready') {
      auditLogs.push(transition(order, 'preparing', 'ready', required(t.ready, 'ready')));
    } else if (plan.status === 'cancelled' && plan.cancelledAfterConfirm) {
      auditLogs.push(transition(order, 'confirmed', 'cancelled', required(t.cancelled, 'cancel')));
    } else if (plan.status === 'returned' && plan.returnedAfter === 'failed') {
      auditLogs.push(transition(order, 'failed', 'returned', required(t.returned, 'return')));
    }
  }

  return {
    business,
    memberships,
    subscription,
    whatsappAccount,
    products,
    prospects,
    conversations,
    messages,
    orders: builtOrders.map((order) => order.row),
    orderItems,
    couriers: courierRows,
    deliveries,
    deliveryEvents,
    auditLogs,
  };
}
