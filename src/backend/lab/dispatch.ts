import { contract, LabError, parseArgs, type Envelope, type Handlers, type Method } from '../../core/api';

/** Turns any thrown value into the `{code, message}` shape; unexpected errors keep a generic message. */
export function toErrorShape(error: unknown): { code: LabError['code']; message: string } {
  if (error instanceof LabError) return error.toJSON();
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const code = (error as { code: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return {
        code: 'CONFLICT',
        message: 'The database is busy (another RNN Lab may be using it). Try again.',
      };
    }
    if (code === 'SQLITE_FULL')
      return { code: 'INTERNAL', message: 'The disk is full: free some space and try again.' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/**
 * Validates the argument of `method`, runs its handler and returns an envelope. Results are checked
 * against the contract too, so a handler cannot send what the contract does not promise.
 */
export async function dispatch(
  handlers: Handlers,
  method: Method,
  rawArgs: unknown,
): Promise<Envelope<unknown>> {
  try {
    const args = parseArgs(method, rawArgs);
    const handler = handlers[method] as (a: unknown) => unknown;
    const value = await handler(args);
    const checked = contract[method].result.safeParse(value);
    if (!checked.success)
      throw new Error(`${method} returned a value outside the contract: ${checked.error.message}`);
    return { ok: true, value: checked.data };
  } catch (error) {
    const shape = toErrorShape(error);
    if (shape.code === 'INTERNAL') console.error(`[rnn-lab] ${method} failed:`, error);
    return { ok: false, error: shape };
  }
}
