// RFC 9457 problem details for the public API: every error is application/problem+json with a
// stable `code` (and its `type` URN), and field issues under `errors` for a request that fails
// validation. AppError codes from the services map here, once.
import type { AppError } from '@flux/api/public-api';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** The stable codes; docs/api.md lists them. */
export const problemCodes = {
  validation_failed: { status: 400, title: 'Your request is not valid' },
  bad_request: { status: 400, title: 'This request cannot be carried out' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  insufficient_scope: { status: 403, title: 'This API key may not do this' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_in_flight: {
    status: 409,
    title: 'A request with this Idempotency-Key is still running',
  },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Send JSON (Content-Type: application/json)' },
  idempotency_key_reused: {
    status: 422,
    title: 'This Idempotency-Key was used with another request',
  },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  bad_gateway: { status: 502, title: 'A provider did not answer' },
} as const satisfies Record<string, { status: number; title: string }>;
export type ProblemCode = keyof typeof problemCodes;

export const problemType = (code: ProblemCode) => `urn:fluxasync:problem:${code}`;

export interface FieldIssue {
  path: string;
  message: string;
}

export function problem(
  c: Context,
  code: ProblemCode,
  extra: { detail?: string; errors?: FieldIssue[]; headers?: Record<string, string> } = {},
): Response {
  const { status, title } = problemCodes[code];
  const requestId = c.get('requestId') as string | undefined;
  const body = {
    type: problemType(code),
    title,
    status,
    ...(extra.detail ? { detail: extra.detail } : {}),
    instance: c.req.path,
    code,
    ...(requestId ? { request_id: requestId } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...extra.headers,
  });
}

export function validationProblem(c: Context, error: ZodError): Response {
  return problem(c, 'validation_failed', {
    detail: 'Some fields are missing or wrong: see errors',
    errors: error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  });
}

const byAppCode: Record<AppError['code'], ProblemCode> = {
  BAD_REQUEST: 'bad_request',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  CONFLICT: 'conflict',
  TOO_MANY_REQUESTS: 'rate_limited',
  PRECONDITION_FAILED: 'precondition_failed',
  BAD_GATEWAY: 'bad_gateway',
};

/** A service's refusal as a problem; a field it names becomes a field issue. */
export function appErrorProblem(c: Context, error: AppError): Response {
  const field = error.details?.field;
  return problem(c, byAppCode[error.code], {
    detail: error.message,
    ...(typeof field === 'string' ? { errors: [{ path: field, message: error.message }] } : {}),
    ...(error.code === 'UNAUTHORIZED' ? { headers: { 'www-authenticate': 'Bearer' } } : {}),
  });
}
