// The local analyzer's words: the summary's label per intent, and a reply drafted from templates
// with the catalog's real prices and stock.
import { type Currency, formatMoney, multiplyMinor } from '../../lib/money';
import type { CatalogItem, Intent } from '../output';

export const SUMMARIES = {
  fr: {
    order: 'Commande',
    question: 'Question',
    complaint: 'Réclamation',
    greeting: 'Salutation',
    delivery_status: 'Suivi de commande',
    other: 'Autre message',
  },
  en: {
    order: 'Order',
    question: 'Question',
    complaint: 'Complaint',
    greeting: 'Greeting',
    delivery_status: 'Order tracking',
    other: 'Other message',
  },
} as const;

/** What the reply must ask back instead of drafting a line. */
export type Ask =
  | { kind: 'which'; options: CatalogItem[] }
  | { kind: 'stock'; product: CatalogItem; quantity: number }
  | { kind: 'unavailable'; product: CatalogItem };

function askBack(ask: Ask, fr: boolean): string {
  switch (ask.kind) {
    case 'which': {
      const names = ask.options.map((p) => p.name).join(fr ? ' ou ' : ' or ');
      return fr ? `Lequel souhaitez-vous : ${names} ?` : `Which one would you like: ${names}?`;
    }
    case 'stock':
      return fr
        ? `Pour ${ask.product.name}, il nous en reste ${ask.product.stock} (vous en demandez ${ask.quantity}) : combien en voulez-vous ?`
        : `For ${ask.product.name}, we have ${ask.product.stock} left (you asked for ${ask.quantity}): how many would you like?`;
    case 'unavailable':
      return fr
        ? `Désolé, ${ask.product.name} n'est pas disponible en ce moment.`
        : `Sorry, ${ask.product.name} is not available right now.`;
  }
}

/** A reply from templates, with the catalog's real prices and stock. */
export function draftReply(input: {
  language: 'fr' | 'en';
  intent: Intent;
  lines: { product: CatalogItem; quantity: number }[];
  asks?: Ask[];
  mentioned: CatalogItem[];
  /** Where to deliver, when known (said, or a pin): not asked again. */
  address: string | null;
  /** The address is a location pin: no words to repeat. */
  pinned?: boolean;
  /** The customer's turn was only a location pin. */
  addressOnly?: boolean;
  currency: Currency;
  injection?: boolean;
}): string {
  const fr = input.language === 'fr';
  if (input.addressOnly && input.address) {
    const place = input.pinned
      ? fr
        ? "l'endroit que vous avez partagé"
        : 'the location you shared'
      : input.address;
    return fr
      ? `Merci, c'est noté : livraison à ${place}. Nous vous confirmons l'heure.`
      : `Thank you, noted: delivery to ${place}. We will confirm the time.`;
  }
  const price = (minor: number) => formatMoney(minor, input.currency, input.language);
  const unavailable = (p: CatalogItem, quantity: number) => !p.active || p.stock < quantity;
  const asks = (input.asks ?? []).map((ask) => askBack(ask, fr));
  if (input.injection) {
    return fr
      ? 'Merci pour votre message. Un membre de l’équipe vous répond bientôt.'
      : 'Thank you for your message. Someone from the team will get back to you soon.';
  }
  switch (input.intent) {
    case 'order': {
      if (input.lines.length === 0 && asks.length) return asks.join(' ');
      if (input.lines.length === 0) {
        return fr
          ? 'Merci pour votre message ! Quels articles souhaitez-vous commander, et en quelle quantité ?'
          : 'Thank you! Which items would you like to order, and how many?';
      }
      const available = input.lines.filter((l) => !unavailable(l.product, l.quantity));
      const missing = input.lines.filter((l) => unavailable(l.product, l.quantity));
      const list = available
        .map(
          (l) =>
            `${l.quantity} × ${l.product.name} (${price(multiplyMinor(l.product.priceMinor, l.quantity))})`,
        )
        .join(fr ? ', ' : ', ');
      const total = available.reduce(
        (sum, l) => sum + multiplyMinor(l.product.priceMinor, l.quantity),
        0,
      );
      const parts: string[] = [];
      if (available.length) {
        parts.push(
          fr
            ? `Merci pour votre commande : ${list}. Total ${price(total)} hors livraison.`
            : `Thank you for your order: ${list}. Total ${price(total)} before delivery.`,
        );
      }
      parts.push(...asks);
      if (missing.length) {
        const names = missing
          .map((l) =>
            l.product.stock > 0 && l.product.active
              ? `${l.product.name} (${fr ? 'il en reste' : 'only'} ${l.product.stock}${fr ? '' : ' left'})`
              : l.product.name,
          )
          .join(', ');
        parts.push(
          fr
            ? `Désolé, ${names} : pas disponible en ce moment.`
            : `Sorry, ${names}: not available right now.`,
        );
      }
      parts.push(
        input.address
          ? input.pinned
            ? fr
              ? "Livraison à l'endroit que vous avez partagé : nous vous confirmons l'heure. Paiement à la livraison."
              : 'Delivery to the location you shared: we will confirm the time. Cash on delivery.'
            : fr
              ? `Livraison à ${input.address} : nous vous confirmons l'heure. Paiement à la livraison.`
              : `Delivery to ${input.address}: we will confirm the time. Cash on delivery.`
          : fr
            ? 'À quelle adresse faut-il livrer ?'
            : 'What address should we deliver to?',
      );
      return parts.join(' ');
    }
    case 'question': {
      const product = input.mentioned[0];
      if (product) {
        const stock =
          !product.active || product.stock === 0
            ? fr
              ? "il n'est pas disponible en ce moment"
              : 'it is not available right now'
            : fr
              ? `il nous en reste ${product.stock}`
              : `we have ${product.stock} in stock`;
        return fr
          ? `Bonjour ! ${product.name} est à ${price(product.priceMinor)} ; ${stock}. Souhaitez-vous le commander ?`
          : `Hello! ${product.name} is ${price(product.priceMinor)}; ${stock}. Would you like to order it?`;
      }
      return fr
        ? 'Bonjour ! Merci pour votre question, un membre de l’équipe vous répond tout de suite.'
        : 'Hello! Thanks for your question, someone from the team will answer you shortly.';
    }
    case 'complaint':
      return fr
        ? 'Nous sommes vraiment désolés. Pouvez-vous nous envoyer une photo et votre numéro de commande ? Nous allons arranger cela au plus vite.'
        : 'We are very sorry. Could you send us a photo and your order number? We will sort this out quickly.';
    case 'delivery_status':
      return fr
        ? 'Bonjour ! Nous vérifions où en est votre commande et revenons vers vous dans quelques minutes.'
        : 'Hello! We are checking on your order and will get back to you in a few minutes.';
    case 'greeting':
      return fr
        ? 'Bonjour et merci ! Comment pouvons-nous vous aider ?'
        : 'Hello and thank you! How can we help you?';
    default:
      return fr
        ? 'Merci pour votre message. Un membre de l’équipe vous répond bientôt.'
        : 'Thank you for your message. Someone from the team will get back to you soon.';
  }
}
