import { describe, expect, it } from 'vitest';
import { analyzeLocally, currentTurn } from './local-analyzer';

describe('currentTurn', () => {
  it('is the customer’s last messages since the business last spoke', () => {
    expect(
      currentTurn([
        { from: 'customer', text: 'Bonjour' },
        { from: 'business', text: 'Bonjour, que puis-je pour vous ?' },
        { from: 'customer', text: 'Je voudrais 2 sacs' },
        { from: 'customer', text: 'livraison à Mermoz' },
      ]),
    ).toBe('Je voudrais 2 sacs\nlivraison à Mermoz');
  });

  it('a quick reply from the team after the customer does not hide their turn', () => {
    expect(
      currentTurn([
        { from: 'business', text: 'Bienvenue' },
        { from: 'customer', text: 'Je voudrais 2 sacs' },
        { from: 'business', text: 'Bien reçu !' },
      ]),
    ).toBe('Je voudrais 2 sacs');
  });

  it('is empty when the customer has not written', () => {
    expect(currentTurn([{ from: 'business', text: 'Bonjour' }])).toBe('');
  });
});

describe('the delivery address over the conversation', () => {
  const catalog = [
    {
      id: 'p1',
      sku: null,
      name: 'Savon noir artisanal 200 g',
      priceMinor: 2_500,
      currency: 'XOF',
      stock: 10,
      active: true,
    },
  ];
  const business = { name: 'Boutique', currency: 'XOF' as const };
  const pin = { latitude: 14.7645, longitude: -17.3661, label: 'Marché de Pikine' };

  it('a pin sent before the order is the address: nobody asks “À quelle adresse ?”', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [
        { from: 'customer', text: '[location] Marché de Pikine', pin },
        { from: 'customer', text: 'je veux 2 savons noirs' },
      ],
    });
    expect(analysis).toMatchObject({ intent: 'order', deliveryAddress: 'Marché de Pikine' });
    expect(analysis.replyDraft).not.toContain('À quelle adresse');
  });

  it('a turn that is only a pin is an answer to “where”: thanked, never read as products', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [
        { from: 'customer', text: 'je veux 2 savons noirs' },
        { from: 'business', text: 'À quelle adresse faut-il livrer ?' },
        { from: 'customer', text: '[location] Marché de Pikine', pin },
      ],
    });
    expect(analysis.deliveryAddress).toBe('Marché de Pikine');
    expect(analysis.replyDraft).toBe(
      "Merci, c'est noté : livraison à Marché de Pikine. Nous vous confirmons l'heure.",
    );
  });

  it('without a pin or a written address, the reply still asks', () => {
    const analysis = analyzeLocally({
      business,
      catalog,
      conversation: [{ from: 'customer', text: 'je veux 2 savons noirs' }],
    });
    expect(analysis.replyDraft).toContain('À quelle adresse');
  });
});
