import type { z } from 'zod';
import { contract, type Method, type ParsedArgs } from './contract';
import { LabError } from './errors';

/** Renders a zod error as one sentence a person can act on. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates a method's argument; throws LabError INVALID_ARGUMENT with the reasons. */
export function parseArgs<M extends Method>(method: M, raw: unknown): ParsedArgs<M> {
  const parsed = contract[method].args.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new LabError(
      'INVALID_ARGUMENT',
      `Invalid argument for ${method}: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data as ParsedArgs<M>;
}
