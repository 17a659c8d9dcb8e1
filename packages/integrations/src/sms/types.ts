// What the notification engine sees of an SMS provider: one send, one shape of delivery report,
// whichever provider carries the message.

export interface SmsMessage {
  /** E.164, with the +. */
  to: string;
  text: string;
  /**
   * The engine's id for this send, the same on every retry of the item. Each provider says in its
   * client what it guarantees with it.
   */
  idempotencyKey: string;
}

export interface SmsSendResult {
  providerMessageId: string;
  /** `sent`: handed to the carrier; `queued`: accepted, not yet handed over. */
  status: 'sent' | 'queued';
}

export interface SmsProvider {
  name: 'africastalking' | 'twilio';
  /** Throws a DeliveryError (a ProviderError with `kind`) when the message was not accepted. */
  send(message: SmsMessage): Promise<SmsSendResult>;
}

/** A delivery report, parsed from the provider's callback. */
export interface SmsDeliveryReport {
  providerMessageId: string;
  /** `sent`: still on its way (an intermediate report); the others are final. */
  state: 'delivered' | 'failed' | 'sent';
  /** The provider's reason for a failure (a code or a word). */
  error?: string;
}

/** A callback's form fields, as the route read them. */
export type CallbackParams = URLSearchParams | Record<string, string>;

export function paramsRecord(params: CallbackParams): Record<string, string> {
  return params instanceof URLSearchParams ? Object.fromEntries(params) : params;
}
