/**
 * One error model for the whole lab. A {@link UserError} is something a person can act on (a bad file, a bad setting,
 * a missing experiment); its message says what is wrong and what to change. Data, music, configuration and
 * command-line errors extend it with their own codes, and {@link LabError} carries the codes the transports use.
 * {@link toErrorShape} turns any thrown value into the one wire shape, and is what the API dispatch, the workers and
 * the CLI use. Programming errors stay plain exceptions and become INTERNAL.
 */

/** Error codes that cross a transport as `{code, message}`. */
export type LabErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_ARGUMENT'
  | 'BAD_INPUT'
  | 'CONFLICT'
  | 'CANCELLED'
  | 'INTERNAL';

/** The serialisable shape of an error crossing IPC, HTTP or a worker boundary. */
export interface LabErrorShape {
  code: LabErrorCode;
  message: string;
  /** The domain's own code (e.g. 'wide-table', 'not-midi', 'VALIDATION_TOO_SHORT'), when there is one. */
  reason?: string;
  /** The setting to change (e.g. 'lookback'), when there is one. */
  field?: string;
}

const BRAND = Symbol.for('rnn-lab.user-error');

/** An error a person can act on; `code` is its domain's code, `field` the setting to change when there is one. */
export class UserError extends Error {
  readonly code: string;
  readonly field: string | null;
  /** The transport code this error travels with. */
  readonly wireCode: LabErrorCode;

  constructor(
    code: string,
    message: string,
    field: string | null = null,
    wireCode: LabErrorCode = 'BAD_INPUT',
  ) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.field = field;
    this.wireCode = wireCode;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The wire shape of this error. */
  toJSON(): LabErrorShape {
    const shape: LabErrorShape = { code: this.wireCode, message: this.message };
    if (this.code !== this.wireCode) shape.reason = this.code;
    if (this.field) shape.field = this.field;
    return shape;
  }
}

/** True when `error` is a {@link UserError} (also across bundles and realms, where `instanceof` can fail). */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && BRAND in error);
}

/** An error with a transport code (NOT_FOUND, CONFLICT, ...), raised where the code matters more than a domain. */
export class LabError extends UserError {
  declare readonly code: LabErrorCode;
  constructor(code: LabErrorCode, message: string, field: string | null = null) {
    super(code, message, field, code);
    this.name = 'LabError';
  }
}

/** The run was stopped on request (not an error to report, but a job that did not finish). */
export class CancelledError extends UserError {
  constructor(message = 'Stopped.') {
    super('CANCELLED', message, null, 'CANCELLED');
    this.name = 'CancelledError';
  }
}

/** Turns a known kind of failure into a wire shape, or returns null to leave it to the next. */
export type ErrorClassifier = (error: unknown) => LabErrorShape | null;

const CODES = new Set<string>([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'INVALID_ARGUMENT',
  'BAD_INPUT',
  'CONFLICT',
  'CANCELLED',
  'INTERNAL',
]);

/** True when `value` is already a wire shape (an error that crossed a boundary and is passed on). */
export function isErrorShape(value: unknown): value is LabErrorShape {
  if (!value || typeof value !== 'object') return false;
  const v = value as { code?: unknown; message?: unknown };
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string';
}

/** A stopped job: an AbortSignal's reason or an AbortError. */
function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** The WebAssembly backends abort when memory runs out: say what to change. */
const outOfMemory: ErrorClassifier = (error) => {
  const message = error instanceof Error ? error.message : String(error);
  return /Aborted\(\)|out of memory|Array buffer allocation failed|RangeError: WebAssembly\.Memory/i.test(
    message,
  )
    ? {
        code: 'INTERNAL',
        message: 'The model ran out of memory: use fewer units, a shorter lookback or a smaller batch.',
      }
    : null;
};

/**
 * The one mapping from anything thrown to the wire shape. User errors keep their message, domain code and field;
 * a shape that already crossed a boundary passes through; `classifiers` (e.g. the store's database-busy rule) are
 * asked next; anything else is INTERNAL with the original message.
 */
export function toErrorShape(error: unknown, classifiers: readonly ErrorClassifier[] = []): LabErrorShape {
  if (isUserError(error)) return error.toJSON();
  if (isAbort(error)) return { code: 'CANCELLED', message: 'Stopped.' };
  if (isErrorShape(error) && !(error instanceof Error)) return error;
  for (const classify of [...classifiers, outOfMemory]) {
    const shape = classify(error);
    if (shape) return shape;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/**
 * An error rebuilt from a wire shape on the receiving side, with the same code, reason and field, so it can be passed
 * on (to the UI, or across the next boundary) unchanged.
 */
export function errorFromShape(shape: LabErrorShape): UserError {
  if (shape.code === 'CANCELLED') return new CancelledError(shape.message);
  if (shape.reason) return new UserError(shape.reason, shape.message, shape.field ?? null, shape.code);
  return new LabError(shape.code, shape.message, shape.field ?? null);
}
