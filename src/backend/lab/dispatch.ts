import {
  contract,
  parseArgs,
  toErrorShape,
  type Envelope,
  type Handlers,
  type LabErrorShape,
  type Method,
} from '../../core/api';
import { sqliteErrors } from '../store/errors';

/** Turns any thrown value into the `{code, message}` shape (the core's one mapping, with the store's rules). */
export function toWireError(error: unknown): LabErrorShape {
  return toErrorShape(error, [sqliteErrors]);
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
    const shape = toWireError(error);
    if (shape.code === 'INTERNAL') console.error(`[rnn-lab] ${method} failed:`, error);
    return { ok: false, error: shape };
  }
}
