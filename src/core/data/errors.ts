/** Why a file or a series request cannot be used; each code maps to one kind of user mistake. */
export type DataErrorCode =
  | 'empty-file'
  | 'not-text'
  | 'no-rows'
  | 'single-row'
  | 'too-many-rows'
  | 'no-numeric-column'
  | 'wide-table'
  | 'unknown-column'
  | 'not-numeric-column'
  | 'key-required'
  | 'unknown-key'
  | 'no-values'
  | 'too-short';

/**
 * An error the user caused with the file or the options they chose. The message says what is wrong and
 * what to do about it, in words meant for the person importing the file. Programming errors are plain
 * `Error`s and never `DataError`s.
 */
export class DataError extends Error {
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string) {
    super(message);
    this.name = 'DataError';
    this.code = code;
  }

  /** The `{code, message}` pair, ready to cross IPC or HTTP. */
  toJSON(): { code: DataErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** True when `error` is a {@link DataError} (also across bundles where `instanceof` can fail). */
export function isDataError(error: unknown): error is DataError {
  return (
    error instanceof DataError ||
    (error instanceof Error &&
      error.name === 'DataError' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}
