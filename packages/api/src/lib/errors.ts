// Domain errors: services throw AppError(code, message); trpc.ts maps them to transport errors once.
// Each carries a reason (a stable key, @flux/contracts/reasons) and its parameters, which the
// interfaces word in the user's language; the English message is for logs and API users.
import {
  genericReason,
  isReason,
  type Reason,
  type ReasonParams,
  type RefusalCode,
  reasonCodes,
} from '@flux/contracts/reasons';

export type AppErrorCode = RefusalCode;

export class AppError extends Error {
  override readonly name = 'AppError';
  /** Why, for the interfaces to word: the generic reason of `code` unless one was given. */
  readonly reason: Reason;
  readonly params: ReasonParams;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    because?: { reason: Reason; params?: ReasonParams },
  ) {
    super(message);
    this.reason = because?.reason ?? genericReason(code);
    this.params = because?.params ?? {};
  }
}

/**
 * A refusal the interfaces word themselves: `refuse('stock.insufficient', "Not enough stock…",
 * { product, available, ordered })`. The transport code is the reason's (contracts/reasons.ts).
 */
export const refuse = (
  reason: Reason,
  message: string,
  params?: ReasonParams,
  details?: Record<string, unknown>,
) => new AppError(reasonCodes[reason], message, details, { reason, params });

/** The one way to say something is missing: "Courier not found", or a sentence of its own. */
export const notFound = (what: string, sentence?: string) => {
  const reason = `${what.toLowerCase().replace(/[^a-z0-9]+/g, '_')}.not_found`;
  return new AppError('NOT_FOUND', sentence ?? `${what} not found`, undefined, {
    reason: isReason(reason) ? reason : 'not_found',
  });
};

/** The PostgreSQL SQLSTATE of an error, through drizzle's DrizzleQueryError wrapper. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Constraint violations that reach the top are the client's fault, never a 500. */
export function appErrorFromDatabase(error: unknown): AppError | undefined {
  const code = pgErrorCode(error);
  if (!code) return undefined;
  const constraint = (error as { cause?: { constraint?: string } } | null)?.cause?.constraint;
  const where = constraint ? ` (${constraint})` : '';
  switch (code) {
    case '23505':
      return refuse('db.duplicate', `This already exists${where}`);
    case '23503':
      return refuse(
        'db.reference',
        `A referenced record does not exist or is still in use${where}`,
      );
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22001':
    case '22007':
    case '22008':
    case '22021':
    case '22P05':
      return refuse('db.invalid_value', `A value is out of range or missing${where}`);
    case '40001':
    case '40P01':
      return refuse('db.concurrent', 'A concurrent change got there first; try again');
    default:
      return undefined;
  }
}

/** Serialization, deadlock, lock and statement timeouts, a read-only standby (failover). */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '25006']);
/** Connection (08), resources (53), operator intervention (57: shutdown, cancel), system (58). */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const INFRASTRUCTURE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client has encountered a connection error|Client was closed and is not queryable|Database not opened|Jobs are not started/i;

/**
 * True when an error says the infrastructure failed (database unreachable or restarting, a lock
 * or query timeout, a deadlock, jobs not running), not the data being processed: the work is to
 * be retried later as it is, and must never count against the item (a webhook event, a message).
 */
export function isInfrastructureError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && current.name === 'JobsUnavailableError') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (TRANSIENT_SQLSTATES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)))
        return true;
      if (NETWORK_CODES.has(code)) return true;
    }
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && INFRASTRUCTURE_MESSAGES.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A lock or statement timeout: the infrastructure's, or a row too heavy for its statement. Work
 * that meets one is retried alone, so a heavy item can be told from a slow database.
 */
export function isTimeoutError(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '57014' || code === '55P03';
}
