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
  | 'INTERNAL';

/** The serialisable shape of an error crossing IPC or HTTP. */
export interface LabErrorShape {
  code: LabErrorCode;
  message: string;
}

/** An error a person can act on; its message says what is wrong and what to do. */
export class LabError extends Error {
  readonly code: LabErrorCode;
  constructor(code: LabErrorCode, message: string) {
    super(message);
    this.name = 'LabError';
    this.code = code;
  }
  toJSON(): LabErrorShape {
    return { code: this.code, message: this.message };
  }
}

/** The envelope every transport returns. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: LabErrorShape };
