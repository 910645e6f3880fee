/** HTTP routes of the outbox. @module */
import { outboundMessageDtoSchema, outboxQuerySchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import { listOutbox, retryMessage } from './correspondence.service.js';

export function registerCorrespondenceRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/outbox',
    {
      schema: {
        tags: ['correspondence'],
        summary: 'Messages Renkei sent or tried to send for the workspace, with their delivery state',
        params: z.object({ workspaceId: z.string().min(1).max(100) }),
        querystring: outboxQuerySchema,
        response: { 200: z.array(outboundMessageDtoSchema) },
      },
    },
    async (request) => listOutbox(ctx, requireActor(request), request.params.workspaceId, request.query),
  );
  app.post(
    '/api/outbound-messages/:id/retry',
    {
      schema: {
        tags: ['correspondence'],
        summary: 'Queue a failed message again',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await retryMessage(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
