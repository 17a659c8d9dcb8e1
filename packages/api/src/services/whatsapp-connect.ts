// Proves a business may connect a WhatsApp number before it is stored: the number, its display
// number and its WhatsApp Business Account must all answer to the token given. Without this, the
// first business to type someone else's phone_number_id would receive their customers' messages.
import { WhatsappError } from '@flux/integrations';
import { refuse } from '../lib/errors';
import { type WhatsappClientConfig, whatsappClientFor } from './whatsapp-client';

export interface VerifiedNumber {
  phoneNumberId: string;
  wabaId: string;
  /** As Meta knows it, not as typed: what the dashboard shows is what customers see. */
  displayPhoneNumber: string;
  verifiedName: string | null;
}

/** What a refusal from Meta means for the form: which field is wrong, in words. */
function refusal(error: unknown, asking: 'number' | 'account'): never {
  if (!(error instanceof WhatsappError)) throw error;
  if (error.retryable) {
    throw refuse(
      'whatsapp.meta_unreachable',
      'Meta did not answer: nothing was changed, try again shortly',
    );
  }
  // 190: the token is invalid or expired; 401 is how Meta sends it.
  if (error.meta.code === 190 || error.status === 401) {
    throw refuse(
      'whatsapp.token_refused',
      `Meta refuses this access token: ${error.reason}`,
      undefined,
      {
        field: 'accessToken',
      },
    );
  }
  throw asking === 'number'
    ? refuse(
        'whatsapp.number_not_visible',
        'Meta does not show this phone number id to this token: check the id, and that the token was made for this number’s account',
        undefined,
        { field: 'phoneNumberId' },
      )
    : refuse(
        'whatsapp.account_not_managed',
        'This token cannot manage that WhatsApp Business Account: check its id',
        undefined,
        { field: 'wabaId' },
      );
}

/**
 * Asks the Graph API, with the merchant's token, for the number (GET /{phone-number-id}) and for
 * the account's numbers (GET /{waba-id}/phone_numbers), which must include it. Throws a
 * BAD_REQUEST naming the field Meta refused.
 */
export async function verifyWhatsappNumber(
  config: WhatsappClientConfig,
  input: { phoneNumberId: string; wabaId: string; accessToken: string },
): Promise<VerifiedNumber> {
  const client = whatsappClientFor(config, input.accessToken, 'interactive');
  const number = await client.getPhoneNumber(input.phoneNumberId).catch((error: unknown) => {
    refusal(error, 'number');
  });
  if (number.id !== input.phoneNumberId) {
    throw refuse('whatsapp.other_number', 'Meta answered for another number', undefined, {
      field: 'phoneNumberId',
    });
  }
  const accountNumbers = await client.listPhoneNumbers(input.wabaId).catch((error: unknown) => {
    refusal(error, 'account');
  });
  if (!accountNumbers.some((listed) => listed.id === input.phoneNumberId)) {
    throw refuse(
      'whatsapp.number_not_in_account',
      'This number is not in that WhatsApp Business Account: check the account id',
      undefined,
      { field: 'wabaId' },
    );
  }
  return {
    phoneNumberId: number.id,
    wabaId: input.wabaId,
    displayPhoneNumber: number.display_phone_number,
    verifiedName: number.verified_name ?? null,
  };
}
