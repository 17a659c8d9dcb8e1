import { describe, expect, it } from 'vitest';
import { fillQuickReply } from './quick-replies';

describe('fillQuickReply', () => {
  it('fills the customer’s first name, full name and the shop', () => {
    expect(
      fillQuickReply('Bonjour {prénom}, ici {boutique}. Commande au nom de {nom}.', {
        name: 'Awa Diop',
        shopName: 'Wax Dakar',
      }),
    ).toBe('Bonjour Awa, ici Wax Dakar. Commande au nom de Awa Diop.');
  });

  it('a variable without a value leaves no gap; an unknown one stays as typed', () => {
    expect(fillQuickReply('Bonjour {prénom}, {inconnu}', { name: null, shopName: 'X' })).toBe(
      'Bonjour, {inconnu}',
    );
  });
});
