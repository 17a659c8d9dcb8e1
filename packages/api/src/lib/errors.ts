// Domain errors: services throw AppError(code, message); trpc.ts maps them to transport errors once.
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

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
      return new AppError('CONFLICT', `This already exists${where}`);
    case '23503':
      return new AppError(
        'BAD_REQUEST',
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
      return new AppError('BAD_REQUEST', `A value is out of range or missing${where}`);
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', 'A concurrent change got there first; try again');
    default:
      return undefined;
  }
}
