/**
 * Error codes of the Renkei API, from the platform's and each module's catalogue (`errors/`):
 * the HTTP status each maps to and its Japanese and English message. The server throws
 * `AppError(code)`; the web app shows the catalogue's message in the reader's language, so the
 * `detail` of a problem response is for logs and developers, not for people.
 * @module
 */

import type { ErrorCatalogue, ErrorDescription } from './errors/catalogue.js';
import { adminErrors, noticeErrors } from './errors/core.js';
import {
  coordinationErrors,
  correlationErrors,
  correspondenceErrors,
  directoryErrors,
  feedErrors,
  incidentErrors,
  intakeErrors,
  resolverErrors,
} from './errors/hub.js';
import { platformErrors } from './errors/platform.js';
import { detectionErrors, gatewayErrors, plantErrors, programmeErrors } from './errors/range.js';

export { defineErrors, type ErrorCatalogue, type ErrorDescription } from './errors/catalogue.js';
export { adminErrors, noticeErrors } from './errors/core.js';
export {
  coordinationErrors,
  correlationErrors,
  correspondenceErrors,
  directoryErrors,
  feedErrors,
  incidentErrors,
  intakeErrors,
  resolverErrors,
} from './errors/hub.js';
export { platformErrors } from './errors/platform.js';
export { detectionErrors, gatewayErrors, plantErrors, programmeErrors } from './errors/range.js';

/** Every error of the API: the platform's and each module's catalogue (codes are unique). */
export const ERRORS = {
  ...platformErrors,
  ...adminErrors,
  ...noticeErrors,
  ...incidentErrors,
  ...intakeErrors,
  ...correlationErrors,
  ...correspondenceErrors,
  ...directoryErrors,
  ...resolverErrors,
  ...feedErrors,
  ...coordinationErrors,

  ...plantErrors,
  ...gatewayErrors,
  ...programmeErrors,
  ...detectionErrors,
} satisfies ErrorCatalogue;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The HTTP status of each code. */
export const ERROR_STATUS = Object.fromEntries(ERROR_CODES.map((code) => [code, ERRORS[code].status])) as Record<
  ErrorCode,
  number
>;

/** What a person reads for a code, in their language. */
export function errorMessage(code: ErrorCode, language: 'ja' | 'en'): string {
  const description: ErrorDescription = ERRORS[code];
  return description[language];
}

/** Every code's message in one language (the web app's `errors` translations). */
export function errorMessages(language: 'ja' | 'en'): Record<ErrorCode, string> {
  return Object.fromEntries(ERROR_CODES.map((code) => [code, errorMessage(code, language)])) as Record<
    ErrorCode,
    string
  >;
}

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
  /** Field by field: where, the validator's English message, and its rule code (zod's) for translation. */
  errors?: { path: string; message: string; code?: string }[];
}
