// The error every notification provider (SMS, e-mail, push) throws, so the notification engine
// decides what to do with an item from one field, whatever the provider said and in which words.
import { ProviderError } from './http';

/**
 * What a failed send means for the item:
 * - `recipient`: this recipient cannot be reached by this channel (invalid or blacklisted number,
 *   STOP, unknown mailbox, unregistered device): do not retry, mark the contact.
 * - `rejected`: the provider refused this message (content, size, parameters): do not retry.
 * - `account`: our side is not set up (credentials, balance, sender, permission): do not retry
 *   until someone fixes it; every message will fail the same way.
 * - `throttled`: too many requests: retry later.
 * - `unavailable`: the provider failed and said so, or could not be reached: nothing was sent,
 *   retry.
 * - `unknown`: no usable answer after the request left (a timeout, a cut connection, a proxy's
 *   error): it may have been sent. Record the item as unknown; do not resend blindly.
 */
export type DeliveryErrorKind =
  | 'recipient'
  | 'rejected'
  | 'account'
  | 'throttled'
  | 'unavailable'
  | 'unknown';

export interface DeliveryErrorInit {
  provider: string;
  /** The HTTP status (0: no answer; for SMTP, the reply code). */
  status: number;
  message: string;
  body: unknown;
  mayHaveArrived: boolean;
  kind: DeliveryErrorKind;
  /** The provider's own code (Twilio 21211, Africa's Talking 403, SMTP 550, Expo's detail). */
  code: string | number | null;
}

/**
 * A ProviderError with a `kind`. Invariant: `kind === 'unknown'` exactly when `mayHaveArrived`;
 * `retryable` follows the kind (throttled, unavailable and unknown are worth another try, the
 * last only through the engine's unknown-state path).
 */
export class DeliveryError extends ProviderError {
  readonly kind: DeliveryErrorKind;
  readonly code: string | number | null;

  constructor(init: DeliveryErrorInit) {
    super(init.provider, init.status, init.message, init.body, init.mayHaveArrived);
    this.kind = init.mayHaveArrived
      ? 'unknown'
      : init.kind === 'unknown'
        ? 'unavailable'
        : init.kind;
    this.code = init.code;
  }

  override get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable' || this.kind === 'unknown';
  }

  /** The recipient is unreachable on this channel for good: the engine stops trying them. */
  get recipientUnreachable(): boolean {
    return this.kind === 'recipient';
  }
}

/**
 * A ProviderError from the HTTP client (no answer, an HTTP error, a malformed answer) as a
 * DeliveryError; `classify` reads the provider's error body for an answered refusal.
 */
export function toDeliveryError(
  error: unknown,
  classify: (error: ProviderError) => { kind: DeliveryErrorKind; code: string | number | null },
): unknown {
  if (!(error instanceof ProviderError) || error instanceof DeliveryError) return error;
  const { kind, code } =
    error.status === 0 || error.mayHaveArrived
      ? { kind: 'unknown' as const, code: null }
      : classify(error);
  return new DeliveryError({
    provider: error.provider,
    status: error.status,
    message: error.message,
    body: error.body,
    mayHaveArrived: error.mayHaveArrived,
    kind,
    code,
  });
}

/** The kind an HTTP status alone tells, for a refusal the provider did not explain. */
export function kindOfStatus(status: number): DeliveryErrorKind {
  if (status === 401 || status === 403) return 'account';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}
