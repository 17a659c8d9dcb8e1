import { describe, expect, it } from 'vitest';
import { oneOfEachType } from './payloads';
import { describeMessage, signWebhook, verifyWebhookSignature } from './webhook';

describe('webhook signature', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  it('accepts the HMAC-SHA256 of the raw body with the app secret, nothing else', () => {
    const signature = signWebhook(body, 'app-secret');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, signature, 'app-secret')).toBe(true);
    expect(verifyWebhookSignature(body, signature, 'other-secret')).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(`${body} `), signature, 'app-secret')).toBe(false);
    expect(verifyWebhookSignature(body, undefined, 'app-secret')).toBe(false);
    expect(verifyWebhookSignature(body, 'sha256=00', 'app-secret')).toBe(false);
  });
});

describe('describeMessage', () => {
  it('maps every supported type, and keeps unknown ones as unsupported', () => {
    const described = oneOfEachType('221771234567').map(describeMessage);
    expect(described.map((d) => d.type)).toEqual([
      'text',
      'image',
      'audio',
      'video',
      'document',
      'sticker',
      'location',
      'contacts',
      'interactive',
      'interactive',
      'button',
      'reaction',
      'order',
      'unsupported',
    ]);
    expect(described.map((d) => d.body)).toEqual([
      'Bonjour, vous avez le wax bleu ?',
      'Celui-ci',
      null,
      null,
      'facture.pdf',
      null,
      'Pikine, Rue 10',
      'Moussa Ndiaye',
      'Je confirme',
      'Wax rouge',
      'Oui',
      '🙏',
      'Ma commande',
      null,
    ]);
    expect(described[1]?.media).toMatchObject({ mediaId: 'media-img', mimeType: 'image/jpeg' });
    expect(described[12]?.media).toMatchObject({
      items: [{ product_retailer_id: 'WAX-001', quantity: 2 }],
    });
  });
});
