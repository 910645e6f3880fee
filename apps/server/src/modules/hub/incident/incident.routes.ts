/** HTTP routes of the handler's queue, the incident page and triage. @module */
import {
  OBSERVABLE_CORRELATION,
  addIncidentObservableSchema,
  assigneeSchema,
  observableDtoSchema,
  reviewObservableSchema,
  setObservableCorrelationSchema,
  createNoteSchema,
  createSavedViewSchema,
  incidentDetailSchema,
  incidentListQuerySchema,
  incidentSummarySchema,
  mergeIncidentSchema,
  savedViewSchema,
  sendMessageSchema,
  splitIncidentSchema,
  timelineEntrySchema,
  updateIncidentSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as incidents from './incident.service.js';
import { mergeIncidents, splitIncident } from './merge.service.js';
import * as queue from './queue.service.js';
import * as trackingPrefix from './tracking-prefix.service.js';
import { addNote, sendMessage } from './timeline.service.js';
import * as curation from './observable-curation.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerIncidentRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: "The handler's queue: incidents you may read, filtered",
        params: workspaceParams,
        querystring: incidentListQuerySchema,
        response: { 200: z.array(incidentSummarySchema) },
      },
    },
    async (request, reply) => {
      const page = await incidents.listIncidents(ctx, requireActor(request), request.params.workspaceId, request.query);
      // The body stays a plain array (clients rely on it); the total and the next page ride in headers.
      void reply.header('x-total-count', String(page.total));
      if (page.nextCursor) void reply.header('x-next-cursor', page.nextCursor);
      return page.rows;
    },
  );
  app.get(
    '/api/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its reports, observables and related incidents',
        params: idParams,
        response: { 200: incidentDetailSchema },
      },
    },
    async (request) => incidents.getIncident(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: "Download a report's attachment (always as a file, never rendered)",
        params: idParams,
      },
    },
    async (request, reply) => {
      const attachment = await incidents.getAttachment(ctx, requireActor(request), request.params.id);
      const name = attachment.filename ?? `attachment-${attachment.sha256.slice(0, 12)}`;
      return reply
        .type('application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('x-content-sha256', attachment.sha256)
        .send(attachment.content);
    },
  );
  app.patch(
    '/api/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Triage: status, priority, classification, TLP, assignee, tags',
        params: idParams,
        body: updateIncidentSchema,
        response: { 200: incidentSummarySchema },
      },
    },
    async (request) => incidents.updateIncident(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/incidents/:id/observables',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Add an observable to an incident by hand (audited)',
        params: idParams,
        body: addIncidentObservableSchema,
        response: { 201: z.array(observableDtoSchema) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await curation.addIncidentObservable(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/incidents/:id/observables/:observableId',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Remove an observable from an incident (audited; the reports keep their text)',
        params: idParams.extend({ observableId: z.string().min(1).max(100) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await curation.removeIncidentObservable(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.observableId,
      );
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/observables/:id/correlation',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Mark an observable for the workspace: not an indicator (ignored), reviewed and kept, or automatic',
        params: idParams,
        body: setObservableCorrelationSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await curation.setObservableCorrelation(ctx, requireActor(request), request.params.id, request.body.correlation);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/observables/review',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Observables over the correlation limit (or ignored, or kept), among incidents you may read',
        params: workspaceParams,
        querystring: z.object({ correlation: z.enum(OBSERVABLE_CORRELATION).default('over_limit') }),
        response: { 200: z.array(reviewObservableSchema) },
      },
    },
    async (request) =>
      curation.listReviewObservables(ctx, requireActor(request), request.params.workspaceId, request.query.correlation),
  );
  app.post(
    '/api/incidents/:id/notes',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Add a note to the timeline (own TLP label)',
        params: idParams,
        body: createNoteSchema,
        response: { 201: timelineEntrySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addNote(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post(
    '/api/incidents/:id/messages',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Send a message from the incident (tracking tag in the subject; replies thread back)',
        params: idParams,
        body: sendMessageSchema,
        response: { 202: timelineEntrySchema },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await sendMessage(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.post(
    '/api/incidents/:id/merge',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Merge this incident into another (it becomes a duplicate pointing there)',
        params: idParams,
        body: mergeIncidentSchema,
        response: { 200: incidentDetailSchema },
      },
    },
    async (request) => mergeIncidents(ctx, requireActor(request), request.params.id, request.body.targetId),
  );
  app.post(
    '/api/incidents/:id/split',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Move reports out of this incident into a new one',
        params: idParams,
        body: splitIncidentSchema,
        response: { 201: incidentDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await splitIncident(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/workspaces/:workspaceId/saved-views',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Your saved queue views',
        params: workspaceParams,
        response: { 200: z.array(savedViewSchema) },
      },
    },
    async (request) => queue.listSavedViews(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/saved-views',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Save the current queue filters under a name',
        params: workspaceParams,
        body: createSavedViewSchema,
        response: { 201: savedViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await queue.createSavedView(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.delete(
    '/api/saved-views/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Delete one of your saved views',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await queue.deleteSavedView(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/assignees',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Members an incident can be assigned to',
        params: workspaceParams,
        response: { 200: z.array(assigneeSchema) },
      },
    },
    async (request) => queue.listAssignees(ctx, requireActor(request), request.params.workspaceId),
  );
  const prefixSchema = z.object({ prefix: z.string(), defaultPrefix: z.string() });
  app.get(
    '/api/workspaces/:workspaceId/tracking-prefix',
    {
      schema: {
        tags: ['incidents'],
        summary: "The workspace's tracking-number prefix (e.g. RK in RK-2026-000123)",
        params: workspaceParams,
        response: { 200: prefixSchema },
      },
    },
    async (request) => trackingPrefix.getTrackingPrefix(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/workspaces/:workspaceId/tracking-prefix',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Choose the tracking-number prefix of new incidents',
        params: workspaceParams,
        body: trackingPrefix.trackingPrefixSchema,
        response: { 200: prefixSchema },
      },
    },
    async (request) =>
      trackingPrefix.setTrackingPrefix(ctx, requireActor(request), request.params.workspaceId, request.body.prefix),
  );
}
