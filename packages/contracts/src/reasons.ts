// Why the server refused a call, as a stable key the interfaces word in the user's language (the
// server's English message is for logs and API users). Each reason has one transport code; the
// parameters it carries are named in its texts (reason-texts.ts), e.g. `{product}`, `{available}`.
// A key never changes meaning once shipped: add a new one instead. docs/errors.md lists them.

/** The transport codes an AppError may carry (tRPC's names). */
export type RefusalCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED'
  /** A provider we had to ask (Meta) did not answer usably: nothing was changed. */
  | 'BAD_GATEWAY';

/** One generic reason per transport code: what a refusal without a reason of its own says. */
export const genericReasons = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  too_many_requests: 'TOO_MANY_REQUESTS',
  precondition_failed: 'PRECONDITION_FAILED',
  bad_gateway: 'BAD_GATEWAY',
  /** Anything else (a 5xx, a code of tRPC's own): never the server's words. */
  internal: 'BAD_GATEWAY',
} as const satisfies Record<string, RefusalCode>;

/** Things `notFound(what)` names: the reason is `<what, snake_case>.not_found`. */
export const notFoundSubjects = [
  'api_key',
  'email',
  'email_thread',
  'webhook_delivery',
  'webhook_endpoint',
  'business',
  'conversation',
  'courier',
  'delivery',
  'insight',
  'invitation',
  'label',
  'mailbox',
  'member',
  'membership',
  'note',
  'notification',
  'order',
  'photo',
  'product',
  'proof_photo',
  'prospect',
  'quick_reply',
  'sms_account',
  'user',
  'whatsapp_number',
] as const;

type NotFoundReason = `${(typeof notFoundSubjects)[number]}.not_found`;

/** Reasons of their own, with their transport code. */
export const domainReasons = {
  'auth.wrong_credentials': 'UNAUTHORIZED',
  'auth.email_taken': 'CONFLICT',
  'rate.limited': 'TOO_MANY_REQUESTS',
  'db.duplicate': 'CONFLICT',
  'db.reference': 'BAD_REQUEST',
  'db.invalid_value': 'BAD_REQUEST',
  'db.concurrent': 'CONFLICT',
  'order.transition_refused': 'BAD_REQUEST',
  'order.reason_required': 'BAD_REQUEST',
  'order.payment_transition_refused': 'BAD_REQUEST',
  'order.lines_locked': 'CONFLICT',
  'order.other_prospect': 'BAD_REQUEST',
  'stock.insufficient': 'CONFLICT',
  'stock.below_zero': 'BAD_REQUEST',
  'product.archived': 'BAD_REQUEST',
  'product.currency_mismatch': 'BAD_REQUEST',
  'product.sku_taken': 'CONFLICT',
  'delivery.state_changed': 'CONFLICT',
  'delivery.code_mismatch': 'BAD_REQUEST',
  'delivery.code_locked': 'BAD_REQUEST',
  'delivery.locked': 'FORBIDDEN',
  'delivery.code_required': 'BAD_REQUEST',
  'delivery.proof_required': 'BAD_REQUEST',
  'delivery.cash_mismatch': 'BAD_REQUEST',
  'delivery.reassign_refused': 'CONFLICT',
  'courier.full': 'CONFLICT',
  'courier.role_required': 'BAD_REQUEST',
  'cash.amount_positive': 'BAD_REQUEST',
  'cash.more_than_held': 'BAD_REQUEST',
  'upload.empty': 'BAD_REQUEST',
  'upload.too_large': 'BAD_REQUEST',
  'upload.bad_type': 'BAD_REQUEST',
  'upload.too_many': 'TOO_MANY_REQUESTS',
  'upload.courier_only': 'FORBIDDEN',
  'upload.team_only': 'FORBIDDEN',
  'prospect.phone_invalid': 'BAD_REQUEST',
  'prospect.phone_taken': 'CONFLICT',
  'prospect.contact_required': 'BAD_REQUEST',
  'prospect.transition_refused': 'BAD_REQUEST',
  'conversation.open_exists': 'CONFLICT',
  'whatsapp.window_closed': 'BAD_REQUEST',
  'whatsapp.not_connected': 'PRECONDITION_FAILED',
  'receipt.no_whatsapp': 'PRECONDITION_FAILED',
  'team.owner_only': 'FORBIDDEN',
  'team.last_owner': 'PRECONDITION_FAILED',
  'team.already_member': 'CONFLICT',
  'quick_reply.shortcut_taken': 'CONFLICT',
  'label.name_taken': 'CONFLICT',
  'pagination.bad_cursor': 'BAD_REQUEST',
  'money.out_of_range': 'BAD_REQUEST',
  'money.bad_amount': 'BAD_REQUEST',
  'money.too_many_decimals': 'BAD_REQUEST',
  'money.quantity_not_whole': 'BAD_REQUEST',
  'csv.unclosed_quote': 'BAD_REQUEST',
  'import.duplicate_column': 'BAD_REQUEST',
  'import.header_required': 'BAD_REQUEST',
  'import.empty': 'BAD_REQUEST',
  'import.no_rows': 'BAD_REQUEST',
  'import.too_many_rows': 'BAD_REQUEST',
  'whatsapp.meta_unreachable': 'BAD_GATEWAY',
  'whatsapp.token_refused': 'BAD_REQUEST',
  'whatsapp.number_not_visible': 'BAD_REQUEST',
  'whatsapp.account_not_managed': 'BAD_REQUEST',
  'whatsapp.other_number': 'BAD_REQUEST',
  'whatsapp.number_not_in_account': 'BAD_REQUEST',
  'whatsapp.number_taken': 'CONFLICT',
  'whatsapp.meta_refused': 'PRECONDITION_FAILED',
  'whatsapp.templates_unavailable': 'PRECONDITION_FAILED',
  'email.reconnect_required': 'PRECONDITION_FAILED',
  'email.no_sender': 'BAD_REQUEST',
  'email.provider_not_set_up': 'PRECONDITION_FAILED',
  'email.connect_other_session': 'FORBIDDEN',
  'email.connect_expired': 'BAD_REQUEST',
  'email.access_denied': 'BAD_REQUEST',
  'email.connect_refused': 'BAD_GATEWAY',
  'email.admin_only': 'FORBIDDEN',
  'delivery.not_picked_up': 'CONFLICT',
  'delivery.not_locked': 'CONFLICT',
  'invitation.other_email': 'FORBIDDEN',
  'invitation.already_member': 'CONFLICT',
  'team.courier_not_assignable': 'BAD_REQUEST',
  'team.not_manager': 'FORBIDDEN',
  'notification.not_resendable': 'CONFLICT',
  'auth.reset_link_invalid': 'NOT_FOUND',
  'account.shop_name_required': 'BAD_REQUEST',
  'conversation.status_unchanged': 'BAD_REQUEST',
  'shop.location_required': 'PRECONDITION_FAILED',
  'product.sku_unknown': 'BAD_REQUEST',
  'prospect.tags_invalid': 'BAD_REQUEST',
  'api_key.expiry_past': 'BAD_REQUEST',
  'api_key.expiry_too_far': 'BAD_REQUEST',
  'webhook.url_refused': 'BAD_REQUEST',
  'webhook.too_many': 'CONFLICT',
  'webhook.endpoint_disabled': 'CONFLICT',
  'webhook.delivery_sending': 'CONFLICT',
  'push.endpoint_https': 'BAD_REQUEST',
  'whatsapp.client_message_id_reused': 'CONFLICT',
} as const satisfies Record<string, RefusalCode>;

export type GenericReason = keyof typeof genericReasons;
export type DomainReason = keyof typeof domainReasons;
export type Reason = GenericReason | DomainReason | NotFoundReason;
/** A reason's parameters: names and numbers; an amount is `<name>Minor` with a `currency`. */
export type ReasonParams = Record<string, string | number>;

export const reasonCodes: Record<Reason, RefusalCode> = {
  ...genericReasons,
  ...domainReasons,
  ...(Object.fromEntries(
    notFoundSubjects.map((subject) => [`${subject}.not_found`, 'NOT_FOUND']),
  ) as Record<NotFoundReason, 'NOT_FOUND'>),
};

export const reasons = Object.keys(reasonCodes) as Reason[];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(reasonCodes, value);
}

/** The generic reason of a transport code (tRPC's, or an HTTP status's class). */
export function genericReason(code: string | undefined): GenericReason {
  const found = Object.entries(genericReasons).find(([, each]) => each === code);
  return found && found[0] !== 'internal' ? (found[0] as GenericReason) : 'internal';
}

/**
 * A zod issue as the server sends it: zod's code, the path, and the parameters that word it
 * (`minimum`, `maximum`, `origin`, `format`, ...); `reason` when the schema named one itself.
 */
export type WireIssue = {
  path: string;
  code?: string;
  params?: ReasonParams;
  reason?: string;
  /** zod's English, for API users; the interfaces word `code` + `params` instead. */
  message: string;
};

/** The texts a zod issue is worded with. */
export const issueTextKeys = [
  'zod.required',
  'zod.invalid_type',
  'zod.too_small.string',
  'zod.too_small.number',
  'zod.too_small.array',
  'zod.too_big.string',
  'zod.too_big.number',
  'zod.too_big.array',
  'zod.invalid_format',
  'zod.invalid_format.email',
  'zod.invalid_format.url',
  'zod.invalid_value',
  'zod.unrecognized_keys',
  'zod.invalid',
] as const;
export type IssueTextKey = (typeof issueTextKeys)[number];

/** Which text words an issue: its code, narrowed by what it measured (a string, a number, ...). */
export function issueTextKey(issue: Pick<WireIssue, 'code' | 'params'>): IssueTextKey {
  const params = issue.params ?? {};
  switch (issue.code) {
    case 'invalid_type':
      return params.received === 'undefined' ? 'zod.required' : 'zod.invalid_type';
    case 'too_small':
    case 'too_big': {
      if (issue.code === 'too_small' && params.origin === 'string' && params.minimum === 1) {
        return 'zod.required';
      }
      const origin = params.origin === 'array' || params.origin === 'set' ? 'array' : params.origin;
      if (origin === 'string' || origin === 'number' || origin === 'array') {
        return `zod.${issue.code}.${origin}`;
      }
      return issue.code === 'too_small' ? 'zod.too_small.number' : 'zod.too_big.number';
    }
    case 'invalid_format':
      return params.format === 'email'
        ? 'zod.invalid_format.email'
        : params.format === 'url'
          ? 'zod.invalid_format.url'
          : 'zod.invalid_format';
    case 'invalid_value':
      return 'zod.invalid_value';
    case 'unrecognized_keys':
      return 'zod.unrecognized_keys';
    default:
      return 'zod.invalid';
  }
}

/** Every key an interface must word: the reasons and the zod issue texts. */
export const refusalTextKeys: readonly (Reason | IssueTextKey)[] = [...reasons, ...issueTextKeys];

/**
 * The keys an app does not word in a language: its words for them are empty, or the generic
 * words it gives an unknown key (`word` is the app's own wording; a test in each app asserts none).
 */
export function unwordedKeys(word: (key: string) => string): string[] {
  const unknown = word('no.such.reason');
  return refusalTextKeys.filter(
    (key) => key !== 'internal' && (!word(key).trim() || word(key) === unknown),
  );
}
