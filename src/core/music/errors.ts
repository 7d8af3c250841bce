import { UserError, isUserError } from '../common/errors';

/** What went wrong with a user's music input; stable, so the UI and the API can branch on it. */
export type MusicErrorCode =
  | 'not-midi'
  | 'truncated'
  | 'invalid-midi'
  | 'too-many-notes'
  | 'no-notes'
  | 'drums-only'
  | 'track-out-of-range'
  | 'drum-track'
  | 'empty-track'
  | 'empty-seed'
  | 'invalid-option'
  | 'bad-corpus'
  | 'bad-model';

/**
 * An error a person can fix: a bad file, a bad track choice, a bad setting.
 * `message` says what is wrong and what to do about it. Programming errors stay plain exceptions.
 */
export class MusicError extends UserError {
  declare readonly code: MusicErrorCode;

  constructor(code: MusicErrorCode, message: string, field: string | null = null) {
    super(code, message, field);
    this.name = 'MusicError';
  }
}

/** True when `value` is a {@link MusicError} (also across realms, by name and code). */
export function isMusicError(value: unknown): value is MusicError {
  return value instanceof MusicError || (isUserError(value) && value.name === 'MusicError');
}
