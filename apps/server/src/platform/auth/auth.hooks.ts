/**
 * Resolves who is calling, on every API request: a Bearer API token or the session cookie.
 * Enforces CSRF for cookie-authenticated writes (the synchronizer token travels in the
 * `X-CSRF-Token` header; cross-site pages cannot read it) and token scopes.
 * @module
 */
// The cookie plugin's type augmentation (request.cookies, reply.setCookie) is used here.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/policy.js';
import { assertSystemAdmin } from '../access/policy.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import type { AppInstance } from '../http/types.js';
import { authenticateApiToken, authenticateSession } from './auth.service.js';
import { safeEqual } from './secrets.js';

export const SESSION_COOKIE = 'renkei_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionIdHash: string | undefined;
    /** The CSRF token of the session that authenticated this request. */
    sessionCsrfToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** Cookie-authenticated writes to this route need no CSRF token (login). */
    skipCsrf?: boolean;
    /** Anonymous callers may use this API route (login, OpenAPI document). */
    isPublic?: boolean;
  }
}

export function registerAuthHooks(app: AppInstance, ctx: AppContext): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionIdHash', undefined);
  app.decorateRequest('sessionCsrfToken', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1] ? await authenticateApiToken(ctx, match[1]) : undefined;
      if (!actor) throw new AppError('AUTH_REQUIRED', 'The API token is invalid, expired or revoked');
      const scopes = actor.tokenScopes ?? [];
      const isAllowed = SAFE_METHODS.has(request.method)
        ? scopes.includes('read') || scopes.includes('write')
        : scopes.includes('write');
      if (!isAllowed) throw new AppError('AUTH_TOKEN_SCOPE', `This token lacks the scope for ${request.method}`);
      request.actor = actor;
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return;
    const session = await authenticateSession(ctx, sessionId);
    if (!session) {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    if (!SAFE_METHODS.has(request.method) && !request.routeOptions.config?.skipCsrf) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
        throw new AppError('AUTH_CSRF_INVALID', 'Missing or wrong X-CSRF-Token header');
      }
    }
    if (session.mustChangePassword && !request.url.startsWith('/api/auth/')) {
      throw new AppError('FORBIDDEN', 'Change your password before doing anything else');
    }
    request.actor = session.actor;
    request.sessionIdHash = session.sessionIdHash;
    request.sessionCsrfToken = session.csrfToken;
  });
  // Deny anonymous callers before their input is even validated: no API route is public by default.
  app.addHook('preValidation', async (request) => {
    if (request.url.startsWith('/api/') && !request.actor && request.routeOptions.config?.isPublic !== true) {
      throw new AppError('AUTH_REQUIRED', 'Sign in or send an API token');
    }
  });
}

/** The caller, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED', 'Sign in or send an API token');
  return request.actor;
}

/** The caller if a system administrator (and, for tokens, with the `admin` scope), or 403. */
export function requireSystemAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  assertSystemAdmin(actor);
  if (actor.tokenScopes && !actor.tokenScopes.includes('admin')) {
    throw new AppError('AUTH_TOKEN_SCOPE', 'This token lacks the admin scope');
  }
  return actor;
}
