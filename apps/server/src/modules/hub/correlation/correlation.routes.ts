/** HTTP routes of correlation exclusion lists. @module */
import {
  addExclusionSchema,
  correlationSettingsSchema,
  exclusionEntrySchema,
  importedWarninglistSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as correlation from './correlation.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });

export function registerCorrelationRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/correlation',
    {
      schema: {
        tags: ['correlation'],
        summary: 'Exclusion lists and the over-correlation limit of a workspace',
        params: workspaceParams,
        response: { 200: correlationSettingsSchema },
      },
    },
    async (request) => correlation.getCorrelationSettings(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/correlation/warninglists',
    {
      schema: {
        tags: ['correlation'],
        summary: 'Import a MISP warninglist (its list.json); a list of the same name is replaced',
        params: workspaceParams,
        body: z.unknown(),
        response: { 201: importedWarninglistSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await correlation.importWarninglist(ctx, requireActor(request), request.params.workspaceId, request.body),
        ),
  );
  app.delete(
    '/api/workspaces/:workspaceId/correlation/warninglists/:name',
    {
      schema: {
        tags: ['correlation'],
        summary: 'Remove an imported warninglist',
        params: workspaceParams.extend({ name: z.string().min(1).max(500) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await correlation.removeWarninglist(ctx, requireActor(request), request.params.workspaceId, request.params.name);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/workspaces/:workspaceId/correlation/exclusions',
    {
      schema: {
        tags: ['correlation'],
        summary: "Add an entry to the workspace's own exclusion list",
        params: workspaceParams,
        body: addExclusionSchema,
        response: { 201: exclusionEntrySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await correlation.addExclusion(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.delete(
    '/api/correlation/exclusions/:id',
    {
      schema: {
        tags: ['correlation'],
        summary: 'Remove an exclusion entry',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await correlation.removeExclusion(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
