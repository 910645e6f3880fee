/** HTTP routes of notices. @module */
import { createNoticeSchema, listQuerySchema, noticeDtoSchema, updateNoticeSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as notices from './notice.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerNoticeRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/notices',
    {
      schema: {
        tags: ['notices'],
        summary: "A workspace's notices you may read",
        params: workspaceParams,
        querystring: listQuerySchema,
        response: { 200: z.array(noticeDtoSchema) },
      },
    },
    async (request) => notices.listNotices(ctx, requireActor(request), request.params.workspaceId, request.query),
  );
  app.post(
    '/api/workspaces/:workspaceId/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'Post a notice',
        params: workspaceParams,
        body: createNoticeSchema,
        response: { 201: noticeDtoSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await notices.createNotice(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.get(
    '/api/notices/:id',
    { schema: { tags: ['notices'], summary: 'One notice', params: idParams, response: { 200: noticeDtoSchema } } },
    async (request) => notices.getNotice(ctx, requireActor(request), request.params.id),
  );
  app.patch(
    '/api/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'Edit a notice',
        params: idParams,
        body: updateNoticeSchema,
        response: { 200: noticeDtoSchema },
      },
    },
    async (request) => notices.updateNotice(ctx, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/notices/:id',
    { schema: { tags: ['notices'], summary: 'Delete a notice', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await notices.deleteNotice(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
