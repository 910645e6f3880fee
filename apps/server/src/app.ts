/**
 * `buildApp(ctx)`: the Fastify application — platform plugins (security headers, cookies, rate
 * limits, OpenAPI, auth, metrics, errors), then every domain module, then the web app.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import helmet from 'helmet';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { MODULES } from './modules/index.js';
import * as accessRepository from './platform/access/access.repository.js';
import { registerAuthHooks } from './platform/auth/auth.hooks.js';
import { registerAuthRoutes } from './platform/auth/auth.routes.js';
import type { AppContext } from './platform/context.js';
import { buildProblem, errorHandler, sendProblem } from './platform/errors/error-handler.js';
import { registerMetrics } from './platform/http/metrics.js';
import type { AppInstance } from './platform/http/types.js';
import { registerExcerptSource, registerHitLink, registerSearchRoutes } from './platform/search/search.service.js';

export const API_VERSION = '0.1.0';

/** A route the app registered, and the module that registered it (`platform` for the platform's own). */
export interface RouteEntry {
  method: string;
  url: string;
  module: string;
}

const routeInventories = new WeakMap<object, RouteEntry[]>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** Every route the app registered (method, URL template, module): the access-matrix test checks each has a rule. */
export function routeInventory(app: AppInstance): RouteEntry[] {
  return routeInventories.get(app) ?? [];
}

export async function buildApp(ctx: AppContext): Promise<AppInstance> {
  // Typed as Fastify's logger so the instance type stays the plain AppInstance.
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: ctx.config.bodyLimitBytes,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();

  const routes: RouteEntry[] = [];
  routeInventories.set(app, routes);
  let registering = 'platform';
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url, module: registering });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // helmet's middleware is built once here: @fastify/helmet rebuilds it (and re-parses the CSP)
  // on every request, which cost a tenth of the throughput of a small JSON endpoint.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style attributes; no inline scripts are ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  // A workspace's slug is accepted wherever its id is (`/api/workspaces/hub-ops/incidents`):
  // ids are UUIDs, so anything else is looked up as a slug and replaced by its id before the
  // route runs. Access is checked on the id as always; an unknown slug stays as given (→ 404).
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    const given = params?.['workspaceId'];
    if (typeof given !== 'string' || UUID.test(given)) return;
    const workspace = await accessRepository.findWorkspaceBySlug(ctx.db, given);
    if (workspace) params!['workspaceId'] = workspace.id;
  });
  await app.register(fastifyCookie);
  // WebSocket routes (the Range's Modbus tunnel); a Modbus/TCP frame is at most 260 bytes.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Renkei API',
        version: API_VERSION,
        description: 'Renkei: national CSIRT operations (Hub) and AI-in-OT exercise range (Range).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token (rk_…)' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'renkei_session' },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });

  registerAuthHooks(app, ctx);
  registerMetrics(app);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.db.selectFrom('audit_chain_head').select('id').limit(1).execute();
      return { status: 'ok', database: ctx.dialect };
    } catch (error) {
      ctx.logger.error({ err: error }, 'health check failed');
      return reply.status(503).send({ status: 'unavailable', database: ctx.dialect });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { isPublic: true } }, async () => app.swagger());

  registerAuthRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  for (const module of MODULES) {
    registering = module.name;
    module.routes?.(app, ctx);
    for (const [objectType, source] of Object.entries(module.excerptSources ?? {}))
      registerExcerptSource(objectType, source);
    for (const [objectType, source] of Object.entries(module.hitLinks ?? {})) registerHitLink(objectType, source);
  }
  registering = 'platform';

  const webDist = ctx.config.webDistDir;
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: path.resolve(webDist), wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    // The SPA owns every non-API GET path (client-side routing).
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(
      reply,
      buildProblem(request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`),
    );
  });

  await app.ready();
  return app;
}
