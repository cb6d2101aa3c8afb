// The error for a value that cannot be a key (undefined, a function, a class instance, …).
// Thrown by hashKey/normalizeKey; the caller adds which operator's key selector produced it.
import { EddyError, type ErrorContext } from '../errors.js'

/** A key selector returned a value with no canonical form. Not retried: the program is wrong. */
export class InvalidKeyError extends EddyError {
  constructor(message: string, context: ErrorContext = {}, cause?: unknown) {
    super(message, {
      code: 'key.invalid',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context,
      cause,
    })
  }
}
