/** HTTP routes of coordination: the incident's panel, threads, previews, sending, takedown targets. @module */
import {
  coordinationPanelSchema,
  coordinationProposalsSchema,
  coordinationThreadSchema,
  takedownStatisticsSchema,
  takedownTargetInputSchema,
  takedownTargetSchema,
  threadInputSchema,
  threadPreviewSchema,
  threadStatusInputSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as coordination from './coordination.service.js';
import * as takedown from './takedown.service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerCoordinationRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/incidents/:id/coordination',
    {
      schema: {
        tags: ['coordination'],
        summary: "The incident's coordination panel: threads per counterparty, takedown targets, next follow-up",
        params: idParams,
        response: { 200: coordinationPanelSchema },
      },
    },
    async (request) => coordination.coordinationPanel(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/incidents/:id/coordination/proposals',
    {
      schema: {
        tags: ['coordination'],
        summary: "Whom to contact for the incident's indicators, by its category, with the evidence",
        params: idParams,
        response: { 200: coordinationProposalsSchema },
      },
    },
    async (request) => coordination.coordinationProposals(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/incidents/:id/coordination/threads',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Plan a thread with a counterparty (nothing is sent yet)',
        params: idParams,
        body: threadInputSchema,
        response: { 201: coordinationThreadSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await coordination.createThread(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get(
    '/api/coordination/threads/:id/preview',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Exactly what sending the request would put on the wire, and why it may not go',
        params: idParams,
        response: { 200: threadPreviewSchema },
      },
    },
    async (request) => coordination.previewThread(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/coordination/threads/:id/send',
    {
      schema: {
        tags: ['coordination'],
        summary: "Send a planned thread's request (refused when its TLP does not allow its recipients)",
        params: idParams,
        response: { 200: coordinationThreadSchema },
      },
    },
    async (request) => coordination.sendThread(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/coordination/threads/:id/status',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Record what the party did (acknowledged, action taken, resolved) or cancel the thread',
        params: idParams,
        body: threadStatusInputSchema,
        response: { 200: coordinationThreadSchema },
      },
    },
    async (request) => coordination.setThreadStatus(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/incidents/:id/takedown-targets',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Watch a URL of the incident until it goes down',
        params: idParams,
        body: takedownTargetInputSchema,
        response: { 201: takedownTargetSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await takedown.addTakedownTarget(ctx, requireActor(request), request.params.id, request.body.url)),
  );
  app.get(
    '/api/takedown-targets/:id',
    {
      schema: {
        tags: ['coordination'],
        summary: 'A takedown target: state, checks, days to takedown',
        params: idParams,
        response: { 200: takedownTargetSchema },
      },
    },
    async (request) => takedown.readTarget(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/takedown-targets/:id/check',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Check a takedown target now (on the job queue)',
        params: idParams,
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await takedown.requestCheck(ctx, requireActor(request), request.params.id);
      return reply.status(202).send(null);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/takedown-statistics',
    {
      schema: {
        tags: ['coordination'],
        summary: 'Days to takedown per incident category',
        params: z.object({ workspaceId: z.string().min(1).max(100) }),
        response: { 200: takedownStatisticsSchema },
      },
    },
    async (request) => takedown.takedownStatistics(ctx, requireActor(request), request.params.workspaceId),
  );
}
