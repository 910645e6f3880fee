/** HTTP routes of the handler's queue, the incident page and triage. @module */
import { incidentDetailSchema, incidentListQuerySchema, incidentSummarySchema, updateIncidentSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as incidents from './incident.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerIncidentRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/incidents',
    { schema: { tags: ['incidents'], summary: "The handler's queue: incidents you may read, filtered", params: workspaceParams, querystring: incidentListQuerySchema, response: { 200: z.array(incidentSummarySchema) } } },
    async (request) => incidents.listIncidents(ctx, requireActor(request), request.params.workspaceId, request.query),
  );
  app.get(
    '/api/incidents/:id',
    { schema: { tags: ['incidents'], summary: 'One incident with its reports, observables and related incidents', params: idParams, response: { 200: incidentDetailSchema } } },
    async (request) => incidents.getIncident(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/attachments/:id',
    { schema: { tags: ['incidents'], summary: "Download a report's attachment (always as a file, never rendered)", params: idParams } },
    async (request, reply) => {
      const attachment = await incidents.getAttachment(ctx, requireActor(request), request.params.id);
      const name = attachment.filename ?? `attachment-${attachment.sha256.slice(0, 12)}`;
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('x-content-sha256', attachment.sha256)
        .send(attachment.content);
    },
  );
  app.patch(
    '/api/incidents/:id',
    { schema: { tags: ['incidents'], summary: 'Triage: status, priority, classification, TLP, assignee, tags', params: idParams, body: updateIncidentSchema, response: { 200: incidentSummarySchema } } },
    async (request) => incidents.updateIncident(ctx, requireActor(request), request.params.id, request.body),
  );
}
