/** HTTP route of responsible-party resolution. @module */
import { NATIONAL_CATEGORIES, resolutionSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as resolver from './resolver.service.js';

export function registerResolverRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/resolve',
    {
      schema: {
        tags: ['resolver'],
        summary:
          'Who is responsible for an IP address, domain or URL: facts with their sources, and the parties to contact',
        params: z.object({ workspaceId: z.string().min(1).max(100) }),
        querystring: z.object({
          q: z.string().trim().min(1).max(2000),
          /** The incident's category: content incidents ask hosting and registrar first, device incidents the network operator. */
          category: z.enum(NATIONAL_CATEGORIES).optional(),
        }),
        response: { 200: resolutionSchema },
      },
    },
    async (request) =>
      resolver.resolve(ctx, requireActor(request), request.params.workspaceId, request.query.q, request.query.category),
  );
}
