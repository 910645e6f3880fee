/**
 * Error codes of the Renkei API and the HTTP status each maps to. The server throws
 * `AppError(code)`; the web app switches on `code` and translates it, so messages in the
 * problem response are for logs and developers, not for people.
 * @module
 */

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_TOTP_REQUIRED: 401,
  AUTH_TOTP_INVALID: 401,
  AUTH_ACCOUNT_LOCKED: 423,
  AUTH_CSRF_INVALID: 403,
  AUTH_TOKEN_SCOPE: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  USER_EXISTS: 409,
  WORKSPACE_NOT_FOUND: 404,
  WORKSPACE_EXISTS: 409,
  MEMBERSHIP_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  NOTICE_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  INCIDENT_NOT_FOUND: 404,
  INCIDENT_INVALID_TRANSITION: 409,
  REPORT_NOT_FOUND: 404,
  MAIL_UNPARSEABLE: 422,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * RFC 9457 problem details, as every error response of the API carries them
 * (`Content-Type: application/problem+json`). `code` and `requestId` are Renkei's extensions.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  requestId: string;
  errors?: { path: string; message: string }[];
}
