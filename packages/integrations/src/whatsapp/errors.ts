// Meta's error body ({ error: { code, error_subcode, message, error_user_msg, ... } }), parsed once
// into the error the WhatsApp client throws, so callers read codes (190: bad token, 131026:
// undeliverable, 131047: window closed, ...) as typed fields instead of digging in the body.
import { z } from 'zod';
import { ProviderError } from '../http';

// Each field on its own: a field of an unexpected type is dropped, the others are kept.
const metaErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional().catch(undefined),
    error_subcode: z.number().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    error_user_msg: z.string().optional().catch(undefined),
  }),
});

/** What Meta said about a refused call; null fields: Meta did not say (a timeout, a proxy). */
export interface MetaErrorDetails {
  code: number | null;
  subcode: number | null;
  message: string | null;
  /** Meta's wording for the person who sent the message, when it gives one. */
  userMessage: string | null;
}

export function parseMetaError(body: unknown): MetaErrorDetails {
  const parsed = metaErrorBodySchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  return {
    code: error?.code ?? null,
    subcode: error?.error_subcode ?? null,
    message: error?.message ?? null,
    userMessage: error?.error_user_msg ?? null,
  };
}

/** A failed Graph API call: a ProviderError (status, retryable, mayHaveArrived) plus Meta's error. */
export class WhatsappError extends ProviderError {
  readonly meta: MetaErrorDetails;

  constructor(cause: ProviderError) {
    super(cause.provider, cause.status, cause.message, cause.body, cause.mayHaveArrived);
    this.meta = parseMetaError(cause.body);
  }

  /** Meta's error code, else the HTTP status (0: no answer): what the dashboard stores and shows. */
  get code(): number {
    return this.meta.code ?? this.status;
  }

  /** Meta's message, else ours. */
  get reason(): string {
    return this.meta.message ?? this.message;
  }
}
