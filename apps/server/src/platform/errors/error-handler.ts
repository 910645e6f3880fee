/**
 * Turns every error into an RFC 9457 problem response. Expected errors (AppError, validation,
 * Fastify's own 4xx) are logged at info; anything else is a 500 whose details never reach the
 * client.
 * @module
 */
import { ERROR_STATUS, type ErrorCode, type Problem } from '@renkei/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './app-error.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Fastify's own error codes that are the client's fault. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function buildProblem(
  request: FastifyRequest,
  code: ErrorCode,
  detail: string,
  errors?: Problem['errors'],
): Problem {
  const status = ERROR_STATUS[code];
  return {
    type: `https://renkei.invalid/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    code,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    request.log.info({ code: error.code }, error.message);
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(reply, buildProblem(request, error.code, error.message, error.details));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`,
      message: issue.message ?? 'invalid',
      // zod's issue code (too_small, invalid_type, …): what the UI translates.
      code: issue.keyword,
    }));
    return sendProblem(reply, buildProblem(request, 'VALIDATION_FAILED', 'The request is not valid', errors));
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) {
    request.log.info({ code: error.code }, error.message);
    return sendProblem(reply, buildProblem(request, mapped, error.message));
  }
  if (error.statusCode === 429) {
    return sendProblem(reply, buildProblem(request, 'RATE_LIMITED', 'Too many requests; try again later'));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    request.log.info({ err: error }, 'client error');
    return sendProblem(reply, buildProblem(request, 'BAD_REQUEST', error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, buildProblem(request, 'INTERNAL_ERROR', 'An unexpected error occurred'));
}
