/** Validating settings with a zod schema, turning every problem into one user error that names the fields. */
import type { z } from 'zod';
import type { UserError } from './errors';

/**
 * Parses `input` (defaults filled in) or throws the error `fail` makes from one sentence naming every bad field
 * ("lookback: Too small…; units: …") and the first bad field's path.
 */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fail: (details: string, field: string | null) => UserError,
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  const all = parsed.error.issues
    .map((i) => `${i.path.map(String).join('.') || 'settings'}: ${i.message}`)
    .join('; ');
  throw fail(all, field);
}
