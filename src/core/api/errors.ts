/** The contract's error vocabulary (the error model itself lives in core/common/errors.ts). */
import type { LabErrorShape } from '../common/errors';

export {
  CancelledError,
  LabError,
  UserError,
  errorFromShape,
  isErrorShape,
  isUserError,
  toErrorShape,
} from '../common/errors';
export type { ErrorClassifier, LabErrorCode, LabErrorShape } from '../common/errors';

/** The envelope every transport returns. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: LabErrorShape };
