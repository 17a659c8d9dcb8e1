import { describe, expect, it } from 'vitest';
import { currentTurn } from './local-analyzer';

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
