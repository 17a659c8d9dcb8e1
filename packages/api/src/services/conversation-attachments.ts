// What the composer attaches besides text: a product card from the catalog (its photo with the
// name and price as caption, or the same words alone when it has no photo), a photo the team
// uploaded, and the shop's pickup point as a WhatsApp location. Each becomes the content
// queueMessage stores and sends.
import type { MessageMedia } from '@flux/contracts/media';
import type { Db, schema } from '@flux/db';
import { getProduct } from '@flux/db/queries/products';
import type { OutboundContent } from '@flux/integrations';
import { notFound, refuse } from '../lib/errors';
import { type Currency, formatMoney } from '../lib/money';
import type { FileStorage } from '../lib/storage';
import { conversationPhotoLink } from './uploads';

type Business = Pick<typeof schema.businesses.$inferSelect, 'id' | 'name' | 'settings' | 'locale'>;

export interface Attachment {
  content: OutboundContent;
  media?: MessageMedia;
}

/** The card's words: name, price in the shop's format, and the start of its description. */
export function productCardText(
  product: { name: string; price: number; currency: string; description: string | null },
  locale: 'fr' | 'en',
): string {
  const price = formatMoney(product.price, product.currency as Currency, locale);
  const description = product.description?.trim().slice(0, 300);
  return [`🛍️ ${product.name} — ${price}`, description].filter(Boolean).join('\n');
}

export async function productCard(
  db: Db,
  business: Business,
  productId: string,
): Promise<Attachment> {
  const product = await getProduct(db, { businessId: business.id, productId });
  if (!product) throw notFound('Product');
  if (!product.active) {
    throw refuse(
      'product.archived',
      `${product.name} is archived`,
      { product: product.name },
      {
        field: 'productId',
      },
    );
  }
  const caption = productCardText(product, business.locale);
  const media = { productId: product.id };
  // Meta fetches the photo itself: only a web address can be sent.
  if (product.imageUrl && /^https?:\/\//.test(product.imageUrl)) {
    return { content: { type: 'image', link: product.imageUrl, caption }, media };
  }
  return { content: { type: 'text', text: caption }, media };
}

export function shopLocation(business: Business): Attachment {
  const pickup = business.settings.pickup;
  if (!pickup) {
    throw refuse(
      'shop.location_required',
      'Set the shop’s pickup point in the settings first',
      undefined,
      {
        field: 'shopLocation',
      },
    );
  }
  return {
    content: {
      type: 'location',
      latitude: pickup.lat,
      longitude: pickup.lng,
      name: business.name,
      address: pickup.address,
    },
  };
}

/** A photo uploaded for this conversation, as a link Meta fetches (signed, absolute). */
export async function photoAttachment(
  services: { db: Db; storage: FileStorage; config: { publicUrl: string } },
  params: { businessId: string; conversationId: string; uploadId: string; caption?: string },
): Promise<Attachment> {
  const { link, contentType } = await conversationPhotoLink(services, params);
  return {
    content: { type: 'image', link, caption: params.caption ?? null },
    media: { uploadId: params.uploadId, mimeType: contentType },
  };
}
