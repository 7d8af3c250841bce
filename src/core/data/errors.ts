import { UserError, isUserError } from '../common/errors';

/** Why a file or a series request cannot be used; each code maps to one kind of user mistake. */
export type DataErrorCode =
  | 'empty-file'
  | 'not-text'
  | 'no-rows'
  | 'single-row'
  | 'too-many-rows'
  | 'too-many-columns'
  | 'file-too-large'
  | 'line-too-long'
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
export class DataError extends UserError {
  declare readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string, field: string | null = null) {
    super(code, message, field);
    this.name = 'DataError';
  }
}

/** True when `error` is a {@link DataError} (also across bundles where `instanceof` can fail). */
export function isDataError(error: unknown): error is DataError {
  return error instanceof DataError || (isUserError(error) && error.name === 'DataError');
}

/** What a user can change to fix a ConfigError. */
export type ConfigErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_SPLIT'
  | 'SERIES_TOO_SHORT'
  | 'TRAIN_TOO_SHORT'
  | 'VALIDATION_TOO_SHORT'
  | 'TEST_TOO_SHORT'
  | 'LENGTH_MISMATCH'
  | 'NO_DATA'
  | 'BAD_TIME'
  | 'SEASON_TOO_LONG'
  | 'BACKEND_UNAVAILABLE'
  | 'INCOMPATIBLE_MODEL';

/** A problem the user caused with a setting or the data; `message` says what to change. */
export class ConfigError extends UserError {
  declare readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, field: string | null = null) {
    super(code, message, field);
    this.name = 'ConfigError';
  }
}
