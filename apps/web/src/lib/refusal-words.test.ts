// The dashboard says the server's refusals in the user's language: every reason the server may
// give and every zod issue text has French and English words here, with numbers and amounts in
// the locale's format, and an unknown reason gets generic words, never the server's English.
import { refusalTextKeys, unwordedKeys } from '@flux/contracts/reasons';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n';
import { errorText, fieldErrors, refusalWords } from './trpc';

const fr = createI18n('fr', 'Africa/Dakar');
const en = createI18n('en', 'Africa/Dakar');

/** A refusal as the tRPC client hands it to the dashboard. */
const refused = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message, code: -32600, data } });

describe('the dashboard’s words for refusals', () => {
  it('every reason and zod issue text has French and English words of its own', () => {
    expect(unwordedKeys((key) => refusalWords(fr, key))).toEqual([]);
    expect(unwordedKeys((key) => refusalWords(en, key))).toEqual([]);
    const sameInBoth = refusalTextKeys.filter(
      (key) => refusalWords(fr, key) === refusalWords(en, key),
    );
    expect(sameInBoth).toEqual([]);
  });

  it('a stock refusal reads in French, its numbers with French separators', () => {
    const error = refused('Not enough stock for Pagne wax: 1500 left, 2000 ordered', {
      code: 'CONFLICT',
      httpStatus: 409,
      reason: 'stock.insufficient',
      params: { product: 'Pagne wax', available: 1500, ordered: 2000 },
    });
    expect(errorText(error, [], fr)).toBe(
      'Stock insuffisant pour Pagne wax : 1\u202f500 en stock, 2\u202f000 commandé(s).',
    );
    expect(errorText(error, [], en)).toBe(
      'Not enough stock for Pagne wax: 1,500 left, 2,000 ordered.',
    );
  });

  it('an amount is money in the locale', () => {
    const error = refused('The cash collected must be the amount due, or say why', {
      code: 'BAD_REQUEST',
      reason: 'delivery.cash_mismatch',
      params: { dueMinor: 12500, currency: 'XOF' },
    });
    expect(errorText(error, [], fr)).toContain('(12\u202f500\u00a0F\u202fCFA)');
  });

  it('a zod issue is said beside its field, in French', () => {
    const error = refused('[{"code":"too_big"…', {
      code: 'BAD_REQUEST',
      reason: 'bad_request',
      params: {},
      zodError: {
        issues: [
          {
            path: 'phone',
            code: 'too_big',
            params: { maximum: 40, origin: 'string' },
            message: 'Too big: expected string to have <=40 characters',
          },
        ],
      },
    });
    expect(fieldErrors(error, fr)).toEqual({ phone: 'Au plus 40 caractères.' });
    expect(errorText(error, [], fr)).toBe('phone : Au plus 40 caractères.');
  });

  it('an unknown reason gets the generic words of its code, never the server’s English', () => {
    const error = refused('Spaceship not found', { code: 'NOT_FOUND', reason: 'spaceship.lost' });
    expect(errorText(error, [], fr)).toBe('Introuvable : cet élément n’existe pas ou plus.');
    const internal = refused('Something went wrong on our side.', {
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(errorText(internal, [], fr)).toBe(
      'Un problème est survenu de notre côté. Il a été enregistré.',
    );
  });
});
