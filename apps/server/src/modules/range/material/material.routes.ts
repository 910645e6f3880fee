/** HTTP routes of teaching material. @module */
import { materialInputSchema, materialSchema, renderedDeckSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as material from './material.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const imageParams = z.object({ id: z.string().min(1).max(100), name: z.string().regex(/^[\w.-]{1,100}$/) });
const language = z.object({ lang: z.enum(['ja', 'en']).default('ja') });
const TYPES = {
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export function registerMaterialRoutes(app: AppInstance, ctx: AppContext): void {
  // Images arrive as their own bytes.
  for (const type of ['image/png', 'image/jpeg'])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) =>
        done(null, body),
      );
  app.get(
    '/api/workspaces/:workspaceId/materials',
    {
      schema: {
        tags: ['material'],
        summary: 'Lecture modules of the course',
        params: workspaceParams,
        response: { 200: z.array(materialSchema) },
      },
    },
    async (request) => material.listMaterials(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/materials',
    {
      schema: {
        tags: ['material'],
        summary: 'Write a lecture module (instructors)',
        params: workspaceParams,
        body: materialInputSchema,
        response: { 201: materialSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await material.createMaterial(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.get(
    '/api/materials/:id',
    {
      schema: { tags: ['material'], summary: 'A lecture module', params: idParams, response: { 200: materialSchema } },
    },
    async (request) => material.getMaterial(ctx, requireActor(request), request.params.id),
  );
  app.put(
    '/api/materials/:id',
    {
      schema: {
        tags: ['material'],
        summary: 'Change a lecture module (instructors)',
        params: idParams,
        body: materialInputSchema,
        response: { 200: materialSchema },
      },
    },
    async (request) => material.updateMaterial(ctx, requireActor(request), request.params.id, request.body),
  );
  app.put(
    '/api/materials/:id/images/:name',
    {
      schema: {
        tags: ['material'],
        summary: 'Add or replace an image (PNG or JPEG body)',
        params: imageParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      await material.putImage(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.name,
        request.headers['content-type'] ?? '',
        body,
      );
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/materials/:id/images/:name',
    { schema: { tags: ['material'], summary: 'An image of a lecture module', params: imageParams } },
    async (request, reply) => {
      const image = await material.getImage(ctx, requireActor(request), request.params.id, request.params.name);
      return reply
        .header('content-type', image.contentType)
        .header('x-content-type-options', 'nosniff')
        .send(image.content);
    },
  );
  app.get(
    '/api/materials/:id/slides',
    {
      schema: {
        tags: ['material'],
        summary: 'The module slide by slide (sanitised HTML, notes, citations)',
        params: idParams,
        querystring: language,
        response: { 200: renderedDeckSchema },
      },
    },
    async (request) => material.renderDeck(ctx, requireActor(request), request.params.id, request.query.lang),
  );
  app.get(
    '/api/materials/:id/export.:format',
    {
      schema: {
        tags: ['material'],
        summary: 'The module as PPTX slides, a PDF handout or DOCX',
        params: z.object({ id: z.string().min(1).max(100), format: z.enum(['pptx', 'pdf', 'docx']) }),
        querystring: language,
      },
    },
    async (request, reply) => {
      const file = await material.exportMaterial(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.format,
        request.query.lang,
      );
      return reply
        .header('content-type', TYPES[request.params.format])
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.bytes);
    },
  );
}
