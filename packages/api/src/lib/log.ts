// The process logger: what a log line may carry. Ids, sizes, codes and our own words; never a
// request's or a webhook's content. A failed query's error carries its parameters (drizzle puts
// them in the message: a 3 MB webhook payload per line, or the name, phone and email a user
// typed), and PostgreSQL's `detail` quotes the conflicting value ("Key (email)=(…) exists").
import pino, { type DestinationStream, type Logger } from 'pino';

/** Longest message kept from an error: enough for our words and a driver's, not for a payload. */
const MAX_MESSAGE = 300;
/** Fields of an error (pg's, Node's, ours) that name things without quoting data. */
const KEPT_FIELDS = [
  'code',
  'constraint',
  'table',
  'column',
  'schema',
  'routine',
  'severity',
  'errno',
  'syscall',
  'status',
] as const;

const clip = (text: string) =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length} chars)` : text;

/**
 * An error as a log line may show it: its type, clipped message (a failed query keeps its SQL
 * text, never its parameters), the naming fields above, the stack's frames and the same of its
 * causes (a few levels).
 */
export function loggableError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: clip(String(error)) };
  const query = (error as { query?: unknown }).query;
  const message = typeof query === 'string' ? `Failed query: ${clip(query)}` : clip(error.message);
  const out: Record<string, unknown> = { type: error.name, message };
  for (const field of KEPT_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  // The stack's first line repeats the message: only the frames are kept.
  if (error.stack)
    out.stack = error.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n');
  if (error.cause !== undefined && depth < 3) out.cause = loggableError(error.cause, depth + 1);
  return out;
}

export const loggerOptions = {
  serializers: { err: loggableError, error: loggableError },
  // Belt and braces for content put in a log call by mistake.
  redact: {
    paths: ['payload', 'body', 'input', 'params', '*.payload', '*.body', '*.input', '*.params'],
    censor: '[redacted]',
  },
} satisfies pino.LoggerOptions;

/** The process logger with the rules above. */
export function createLogger(
  options: { level: string; base?: Record<string, unknown> },
  stream?: DestinationStream,
): Logger {
  const settings: pino.LoggerOptions = { ...loggerOptions, level: options.level };
  if (options.base) settings.base = options.base;
  return stream ? pino(settings, stream) : pino(settings);
}
