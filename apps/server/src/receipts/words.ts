// The receipt's words in the shop's language: one list for the HTML page and the PDF, so both
// say the same thing.
import type { ReceiptView } from '@flux/api';

export type Lang = 'fr' | 'en';

export const WORDS = {
  fr: {
    title: 'Reçu',
    /** Before a value: French puts a space before the colon. */
    colon: ' : ',
    order: 'Commande',
    date: 'Date',
    customer: 'Client',
    address: 'Livraison à',
    item: 'Article',
    quantity: 'Qté',
    amount: 'Montant',
    subtotal: 'Sous-total',
    deliveryFee: 'Livraison',
    total: 'Total',
    payment: 'Paiement',
    print: 'Imprimer',
    gone: 'Ce lien de reçu n’est plus valable. Demandez-en un nouveau à la boutique.',
    thanks: 'Merci pour votre commande !',
    method: {
      cash_on_delivery: 'À la livraison',
      mobile_money: 'Mobile money',
      card: 'Carte',
    } as Record<string, string>,
    state: {
      unpaid: 'Non payé',
      paid: 'Payé',
      collected: 'Encaissé à la livraison',
      refunded: 'Remboursé',
    } as Record<string, string>,
    dueOnDelivery: 'À régler à la livraison',
    pdf: 'Télécharger le PDF',
    cancelled: 'Commande annulée',
    locale: 'fr-FR',
  },
  en: {
    title: 'Receipt',
    colon: ': ',
    order: 'Order',
    date: 'Date',
    customer: 'Customer',
    address: 'Delivered to',
    item: 'Item',
    quantity: 'Qty',
    amount: 'Amount',
    subtotal: 'Subtotal',
    deliveryFee: 'Delivery',
    total: 'Total',
    payment: 'Payment',
    print: 'Print',
    gone: 'This receipt link is no longer valid. Ask the shop for a new one.',
    thanks: 'Thank you for your order!',
    method: {
      cash_on_delivery: 'Cash on delivery',
      mobile_money: 'Mobile money',
      card: 'Card',
    } as Record<string, string>,
    state: {
      unpaid: 'Unpaid',
      paid: 'Paid',
      collected: 'Collected on delivery',
      refunded: 'Refunded',
    } as Record<string, string>,
    dueOnDelivery: 'To pay on delivery',
    pdf: 'Download the PDF',
    cancelled: 'Order cancelled',
    locale: 'en-GB',
  },
} as const;

/** The order's date and time in the shop's time zone and language. */
export function receiptDate(view: ReceiptView): string {
  try {
    return new Intl.DateTimeFormat(WORDS[view.shop.locale].locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: view.shop.timezone,
    }).format(view.createdAt);
  } catch {
    return view.createdAt.toISOString();
  }
}
