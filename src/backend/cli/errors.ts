import { UserError } from '../../core/api';

/** A mistake in the command line or its input: printed as one line, exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}
