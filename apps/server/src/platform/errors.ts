import { type ErrorCode, errorMessageFor } from '@medrelay/contracts';

/**
 * The one error type the API throws on purpose: a code from the contracts' list (so a new code gets
 * its messages before it can be thrown), an HTTP status, details. The message is the list's English
 * default; clients translate by code and read specifics from details.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(errorMessageFor(code));
    this.name = 'AppError';
  }
}
