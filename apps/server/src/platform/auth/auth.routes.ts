/** Sign-in, session, password, TOTP and personal API token endpoints. @module */
import {
  apiTokenDtoSchema,
  changePasswordSchema,
  createApiTokenSchema,
  createdApiTokenSchema,
  loginRequestSchema,
  sessionResponseSchema,
  totpChangeSchema,
  totpSetupResponseSchema,
} from '@renkei/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { listMembershipsOfUser } from '../access/access.repository.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import type { AppInstance } from '../http/types.js';
import { findUserById } from './auth.repository.js';
import { SESSION_COOKIE, requireActor } from './auth.hooks.js';
import * as auth from './auth.service.js';
import { verifyTotp } from './totp.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

/**
 * Sets the session cookie of a session just opened and answers as sign-in does (the user, their
 * memberships, the CSRF token): for sign-in and for modules' own ways in (one-time codes).
 */
export async function answerWithSession(ctx: AppContext, reply: FastifyReply, result: auth.LoginResult) {
  void reply.setCookie(SESSION_COOKIE, result.sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl?.startsWith('https://') ?? false,
    maxAge: ctx.config.sessionTtlHours * 3600,
  });
  const memberships = await listMembershipsOfUser(ctx.db, result.user.id);
  return { user: auth.toCurrentUser(result.user, memberships), csrfToken: result.csrfToken };
}

export function registerAuthRoutes(app: AppInstance, ctx: AppContext): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in',
        body: loginRequestSchema,
        response: { 200: sessionResponseSchema },
      },
      config: {
        skipCsrf: true,
        isPublic: true,
        rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      return answerWithSession(ctx, reply, await auth.login(ctx, { ...request.body, ip: request.ip }));
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      if (request.sessionIdHash) await auth.logout(ctx, actor, request.sessionIdHash);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token',
        response: { 200: sessionResponseSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const user = await findUserById(ctx.db, actor.userId);
      if (!user) throw new AppError('AUTH_REQUIRED', 'Sign in');
      const memberships = await listMembershipsOfUser(ctx.db, user.id);
      return { user: auth.toCurrentUser(user, memberships), csrfToken: request.sessionCsrfToken ?? '' };
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your password',
        body: changePasswordSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.changeOwnPassword(
        ctx,
        requireActor(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.sessionIdHash,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    { schema: { tags: ['auth'], summary: 'Start TOTP enrolment', response: { 200: totpSetupResponseSchema } } },
    async (request) => auth.beginTotpSetup(ctx, requireActor(request)),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP enrolment with a code (and your password)',
        body: totpChangeSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.assertFreshPassword(ctx, actor, request.body.password);
      await auth.enableTotp(ctx, actor, request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn TOTP off (needs a current code and your password)',
        body: totpChangeSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.assertFreshPassword(ctx, actor, request.body.password);
      const user = await findUserById(ctx.db, actor.userId);
      if (!user?.totp_secret || !verifyTotp(user.totp_secret, request.body.code)) {
        throw new AppError('AUTH_TOTP_INVALID', 'The TOTP code is wrong');
      }
      await auth.disableTotp(ctx, actor.userId, actor.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/tokens',
    { schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: z.array(apiTokenDtoSchema) } } },
    async (request) => auth.listApiTokens(ctx, requireActor(request)),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is shown once)',
        body: createApiTokenSchema,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { password, ...input } = request.body;
      await auth.assertFreshPassword(ctx, actor, password);
      return reply.status(201).send(await auth.createApiToken(ctx, actor, input));
    },
  );

  app.delete(
    '/api/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await auth.revokeApiToken(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
