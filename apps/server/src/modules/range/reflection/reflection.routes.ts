/** HTTP routes of reflections. @module */
import {
  reflectionInputSchema,
  reflectionSchema,
  reflectionSummarySchema,
  reflectionTagsInputSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as reflection from './reflection.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });

export function registerReflectionRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/reflections/mine',
    {
      schema: {
        tags: ['reflection'],
        summary: 'Your reflection',
        params: workspaceParams,
        response: { 200: reflectionSchema.nullable() },
      },
    },
    async (request) => reflection.ownReflection(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/workspaces/:workspaceId/reflections/mine',
    {
      schema: {
        tags: ['reflection'],
        summary: 'Write your reflection: what you learnt, what you will apply',
        params: workspaceParams,
        body: reflectionInputSchema,
        response: { 200: reflectionSchema },
      },
    },
    async (request) =>
      reflection.saveOwnReflection(ctx, requireActor(request), request.params.workspaceId, request.body),
  );
  app.get(
    '/api/workspaces/:workspaceId/reflections',
    {
      schema: {
        tags: ['reflection'],
        summary: 'All reflections (staff)',
        params: workspaceParams,
        response: { 200: z.array(reflectionSchema) },
      },
    },
    async (request) => reflection.listReflections(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/reflections/:id/tags',
    {
      schema: {
        tags: ['reflection'],
        summary: 'Tag a reflection and mark a key opinion (staff)',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: reflectionTagsInputSchema,
        response: { 200: reflectionSchema },
      },
    },
    async (request) => reflection.tagReflection(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/workspaces/:workspaceId/reflections/summary',
    {
      schema: {
        tags: ['reflection'],
        summary: 'Tags and key opinions (staff)',
        params: workspaceParams,
        response: { 200: reflectionSummarySchema },
      },
    },
    async (request) => reflection.reflectionSummary(ctx, requireActor(request), request.params.workspaceId),
  );
}
