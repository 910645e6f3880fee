/**
 * The one error type the application throws on purpose. The HTTP layer maps `code` to a status
 * (from `@renkei/contracts`) and an RFC 9457 problem response in one place (`error-handler.ts`).
 * @module
 */
import { ERROR_STATUS, type ErrorCode } from '@renkei/contracts';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { path: string; message: string }[],
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Sent as Retry-After (RFC 9110) with the problem, for answers that say "not yet". */
  readonly retryAfterSeconds: number | undefined;

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (code: ErrorCode & `${string}NOT_FOUND`, what: string): AppError =>
  new AppError(code, `${what} not found`);

export const forbidden = (message = 'You may not do this'): AppError => new AppError('FORBIDDEN', message);
