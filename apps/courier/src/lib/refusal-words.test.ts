// The courier reads the server's refusals in their language: every reason and zod issue text has
// French and English words in this app, a refused action's notice carries the reason through the
// queue, and an unknown reason gets generic words, never the server's English.
import { refusalTextKeys, unwordedKeys } from '@flux/contracts/reasons';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { outcomeOf, UploadRefusedError } from './refusal';
import { errorWords, refusalWords } from './refusal-words';

const word = (locale: 'fr' | 'en') => (key: string) =>
  refusalWords(locale, { reason: key, params: {} });

/** An error as the tRPC client raises it for the server's answer. */
const answered = (message: string, data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message, code: -32600, data } });

describe('the courier app’s words for refusals', () => {
  it('every reason and zod issue text has French and English words of its own', () => {
    expect(unwordedKeys(word('fr'))).toEqual([]);
    expect(unwordedKeys(word('en'))).toEqual([]);
    expect(refusalTextKeys.filter((key) => word('fr')(key) === word('en')(key))).toEqual([]);
  });

  it('a wrong code, refused in a queued action, is worded in French with the tries left', () => {
    const outcome = outcomeOf(
      answered('Wrong delivery code: ask the customer again (2 left)', {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        reason: 'delivery.code_mismatch',
        params: { left: 2 },
      }),
    );
    expect(outcome).toMatchObject({ rejected: true, code: 'BAD_REQUEST' });
    const refusal = !outcome.ok && outcome.rejected ? outcome.refusal : undefined;
    expect(refusalWords('fr', refusal, 'BAD_REQUEST')).toBe(
      'Code de livraison incorrect : redemandez-le au client (2 essai(s) restant(s)).',
    );
  });

  it('a refused photo says its limit in the courier’s language', () => {
    const outcome = outcomeOf(
      new UploadRefusedError(400, 'The photo is larger than 10 MB', {
        reason: 'upload.too_large',
        params: { maxMb: 10 },
      }),
    );
    const refusal = !outcome.ok && outcome.rejected ? outcome.refusal : undefined;
    expect(refusalWords('fr', refusal)).toBe('La photo dépasse 10 Mo.');
    expect(refusalWords('en', refusal)).toBe('The photo is larger than 10 MB.');
  });

  it('an amount is money in the locale; an unknown reason the generic words of its code', () => {
    expect(
      errorWords(
        'fr',
        answered('The cash collected must be the amount due', {
          code: 'BAD_REQUEST',
          reason: 'delivery.cash_mismatch',
          params: { dueMinor: 7500, currency: 'XOF' },
        }),
      ),
    ).toContain('(7\u202f500\u00a0F\u202fCFA)');
    expect(errorWords('fr', answered('Gone', { code: 'CONFLICT', reason: 'no.such' }))).toBe(
      'Cela a changé entre-temps : rechargez et réessayez.',
    );
  });
});
