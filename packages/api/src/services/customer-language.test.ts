// The guess of a customer's language from what they write: clear French or English, else null.
import { describe, expect, it } from 'vitest';
import { guessLanguage } from './customer-language';

describe('guessLanguage', () => {
  it.each([
    ['Bonjour, je voudrais le wax bleu svp', 'fr'],
    ["C'est combien la livraison à Cocody ?", 'fr'],
    ['Salut ! Vous avez encore la robe en taille M ?', 'fr'],
    ['Hello, how much is the blue dress?', 'en'],
    ['Hi, do you deliver to Yoff tomorrow?', 'en'],
    ['Good morning, I would like to order two bags', 'en'],
  ])('%s → %s', (text, locale) => {
    expect(guessLanguage(text)).toBe(locale);
  });

  it.each([
    ['ok'],
    ['Merci'],
    ['Hello'],
    ['STOP'],
    ['👍'],
    ['Wax bleu 2 pièces'],
    // Mixed: neither clearly wins.
    ['Hello bonjour, the prix du wax please merci'],
    // Neither language (Wolof).
    ['Salamalekum, naka nga def?'],
  ])('unsure: %s → null', (text) => {
    expect(guessLanguage(text)).toBeNull();
  });
});
