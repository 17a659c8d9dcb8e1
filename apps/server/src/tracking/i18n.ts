// The tracking page's words, in French (first) and English, and how a request picks one.
import type { OrderStatus } from '@flux/contracts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * `?lang=` when it names one of ours, else the first of ours in Accept-Language by preference
 * (q), else the shop's language, else French.
 */
export function pickLang(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Lang = 'fr',
): Lang {
  if (query === 'fr' || query === 'en') return query;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (entry.base === 'fr' || entry.base === 'en') return entry.base;
  return fallback;
}

/** The headline of each status, then a line under it. */
type StatusWords = Record<
  Exclude<OrderStatus, 'draft'>,
  { title: string; hint: string; step: string }
>;

interface Words {
  htmlLang: string;
  locale: string;
  pageTitle: string;
  order: (number: string) => string;
  status: StatusWords;
  courierComing: (name: string) => string;
  courierComingNoName: string;
  eta: (minutes: number) => string;
  away: (distance: string) => string;
  positionNote: (gridM: number, time: string) => string;
  positionSoon: string;
  positionStale: (time: string) => string;
  mapLabel: (distance: string) => string;
  you: string;
  code: string;
  codeHint: string;
  progress: string;
  yourOrder: string;
  subtotal: string;
  deliveryFee: string;
  free: string;
  total: string;
  toPay: string;
  paid: string;
  question: string;
  whatsapp: string;
  call: string;
  otherLang: string;
  live: string;
  notFoundTitle: string;
  notFoundText: string;
  tooManyTitle: string;
  tooManyText: string;
}

export const words: Record<Lang, Words> = {
  fr: {
    htmlLang: 'fr',
    locale: 'fr-FR',
    pageTitle: 'Suivi de commande',
    order: (number) => `Commande ${number}`,
    status: {
      pending: {
        title: 'Commande reçue',
        hint: 'La boutique va la confirmer.',
        step: 'Reçue',
      },
      confirmed: {
        title: 'Commande confirmée',
        hint: 'La boutique prépare bientôt votre colis.',
        step: 'Confirmée',
      },
      preparing: {
        title: 'En préparation',
        hint: 'Votre colis est en cours de préparation.',
        step: 'En préparation',
      },
      ready: { title: 'Prête', hint: 'Un livreur va bientôt partir avec.', step: 'Prête' },
      out_for_delivery: {
        title: 'En route vers vous',
        hint: 'Gardez votre téléphone près de vous.',
        step: 'En route',
      },
      delivered: { title: 'Livrée', hint: 'Merci pour votre commande !', step: 'Livrée' },
      cancelled: {
        title: 'Commande annulée',
        hint: 'Une question ? Écrivez à la boutique.',
        step: 'Annulée',
      },
      failed: {
        title: 'Livraison manquée',
        hint: 'La boutique va vous recontacter.',
        step: 'Livraison manquée',
      },
      returned: {
        title: 'Retournée à la boutique',
        hint: 'Une question ? Écrivez à la boutique.',
        step: 'Retournée',
      },
    },
    courierComing: (name) => `${name} arrive avec votre commande`,
    courierComingNoName: 'Le livreur arrive avec votre commande',
    eta: (minutes) => `≈ ${minutes} min`,
    away: (distance) => `à ${distance}`,
    positionNote: (gridM, time) =>
      `Position approximative (à ${gridM} m près), mise à jour à ${time}.`,
    positionSoon: 'La position du livreur s’affichera ici dès qu’il l’envoie.',
    positionStale: (time) =>
      `Dernière position connue à ${time} : le téléphone du livreur n’en a pas envoyé depuis.`,
    mapLabel: (distance) => `Carte : le livreur est à ${distance} de chez vous`,
    you: 'Vous',
    code: 'Code de livraison',
    codeHint: 'Donnez ce code au livreur à la porte, une fois le colis en main.',
    progress: 'Suivi',
    yourOrder: 'Votre commande',
    subtotal: 'Sous-total',
    deliveryFee: 'Livraison',
    free: 'Offerte',
    total: 'Total',
    toPay: 'À payer à la livraison',
    paid: 'Déjà payée',
    question: 'Une question ?',
    whatsapp: 'WhatsApp',
    call: 'Appeler',
    otherLang: 'English',
    live: 'En direct',
    notFoundTitle: 'Lien introuvable',
    notFoundText:
      'Ce lien de suivi n’existe pas ou n’est plus valable. Pour toute question, écrivez à la boutique sur WhatsApp.',
    tooManyTitle: 'Trop de demandes',
    tooManyText: 'Réessayez dans une minute.',
  },
  en: {
    htmlLang: 'en',
    locale: 'en-GB',
    pageTitle: 'Order tracking',
    order: (number) => `Order ${number}`,
    status: {
      pending: { title: 'Order received', hint: 'The shop will confirm it.', step: 'Received' },
      confirmed: {
        title: 'Order confirmed',
        hint: 'The shop will prepare your parcel soon.',
        step: 'Confirmed',
      },
      preparing: {
        title: 'Being prepared',
        hint: 'Your parcel is being prepared.',
        step: 'Being prepared',
      },
      ready: { title: 'Ready', hint: 'A courier will leave with it soon.', step: 'Ready' },
      out_for_delivery: {
        title: 'On its way to you',
        hint: 'Keep your phone close.',
        step: 'On its way',
      },
      delivered: { title: 'Delivered', hint: 'Thank you for your order!', step: 'Delivered' },
      cancelled: {
        title: 'Order cancelled',
        hint: 'A question? Write to the shop.',
        step: 'Cancelled',
      },
      failed: {
        title: 'Delivery missed',
        hint: 'The shop will contact you again.',
        step: 'Delivery missed',
      },
      returned: {
        title: 'Returned to the shop',
        hint: 'A question? Write to the shop.',
        step: 'Returned',
      },
    },
    courierComing: (name) => `${name} is bringing your order`,
    courierComingNoName: 'The courier is bringing your order',
    eta: (minutes) => `≈ ${minutes} min`,
    away: (distance) => `${distance} away`,
    positionNote: (gridM, time) => `Approximate position (within ${gridM} m), updated at ${time}.`,
    positionSoon: 'The courier’s position will show here as soon as they send it.',
    positionStale: (time) =>
      `Last known position at ${time}: the courier’s phone has sent none since.`,
    mapLabel: (distance) => `Map: the courier is ${distance} from you`,
    you: 'You',
    code: 'Delivery code',
    codeHint: 'Give this code to the courier at the door, once you have the parcel.',
    progress: 'Progress',
    yourOrder: 'Your order',
    subtotal: 'Subtotal',
    deliveryFee: 'Delivery',
    free: 'Free',
    total: 'Total',
    toPay: 'To pay on delivery',
    paid: 'Already paid',
    question: 'A question?',
    whatsapp: 'WhatsApp',
    call: 'Call',
    otherLang: 'Français',
    live: 'Live',
    notFoundTitle: 'Link not found',
    notFoundText:
      'This tracking link does not exist or is no longer valid. For any question, write to the shop on WhatsApp.',
    tooManyTitle: 'Too many requests',
    tooManyText: 'Try again in a minute.',
  },
};
