// `defineEnv`, the one validator every package's env.ts uses, and the few pieces they share. Each
// package declares and reads its own variables in its own env.ts; this module only parses them.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

type Source = Record<string, string | undefined>;

/**
 * Parses environment variables with zod. Empty strings count as unset, so `FOO=` falls back to
 * the default. A wrong value throws one error that names every bad variable and why.
 */
/** Every variable some env.ts of this process declared: .env.example is checked against it. */
export const declaredVariables = new Set<string>();

export function defineEnv<T extends z.ZodRawShape>(
  shape: T,
  source: Source = process.env,
): z.infer<z.ZodObject<T>> {
  for (const key of Object.keys(shape)) declaredVariables.add(key);
  const cleaned: Source = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return `  ${name}: ${issue.message} (got ${JSON.stringify(cleaned[name] ?? null)})`;
    });
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** `true/false/1/0/yes/no` as a boolean; anything else is an error naming the variable. */
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** The repository's root (ends with a slash): the default home of local data folders. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
