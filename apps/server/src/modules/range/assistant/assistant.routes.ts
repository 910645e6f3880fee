/** HTTP routes of the plant assistant: chat, defences, approvals, trace, measurement. @module */
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as assistant from './assistant.service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const approvalParams = idParams.extend({ approvalId: z.string().min(1).max(100) });
// Replies, traces and measurements are documented in docs/range/assistant.md.
const loose = z.record(z.string(), z.unknown());

export function registerAssistantRoutes(app: AppInstance, ctx: AppContext): void {
  const tags = ['range-assistant'];
  app.post(
    '/api/plants/:id/assistant/chat',
    {
      schema: {
        tags,
        summary: "Ask the plant's assistant: answer with cited sources, the agent's tool calls, what defences did",
        params: idParams,
        body: assistant.chatSchema,
        response: { 200: loose },
      },
    },
    async (request) => assistant.chat(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/plants/:id/assistant/defences',
    {
      schema: {
        tags,
        summary: "The plant assistant's defence switches",
        params: idParams,
        response: { 200: assistant.defencesSchema },
      },
    },
    async (request) => assistant.getDefences(ctx, requireActor(request), request.params.id),
  );
  app.put(
    '/api/plants/:id/assistant/defences',
    {
      schema: {
        tags,
        summary: 'Switch defences on or off (audited)',
        params: idParams,
        body: assistant.defencesSchema,
        response: { 200: assistant.defencesSchema },
      },
    },
    async (request) => assistant.setDefences(ctx, requireActor(request), request.params.id, request.body),
  );
  const courseParams = z.object({ workspaceId: z.string().min(1).max(100) });
  app.get(
    '/api/workspaces/:workspaceId/assistant/defences',
    {
      schema: {
        tags,
        summary: "The lab's default defence switches (plants that have not switched their own follow them)",
        params: courseParams,
        response: { 200: assistant.defencesSchema },
      },
    },
    async (request) => assistant.getCourseDefences(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/workspaces/:workspaceId/assistant/defences',
    {
      schema: {
        tags,
        summary: "Set the lab's default defence switches (course staff; audited)",
        params: courseParams,
        body: assistant.defencesSchema,
        response: { 200: assistant.defencesSchema },
      },
    },
    async (request) =>
      assistant.setCourseDefences(ctx, requireActor(request), request.params.workspaceId, request.body),
  );
  app.get(
    '/api/plants/:id/assistant/approvals',
    {
      schema: { tags, summary: 'Actuations the agent asked for', params: idParams, response: { 200: z.array(loose) } },
    },
    async (request) => assistant.listApprovals(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/plants/:id/assistant/approvals/:approvalId',
    {
      schema: {
        tags,
        summary: 'Approve (the tool runs, as you) or reject an actuation',
        params: approvalParams,
        body: assistant.decisionSchema,
        response: { 200: loose },
      },
    },
    async (request) =>
      assistant.decideApproval(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.approvalId,
        request.body.decision,
      ),
  );
  app.get(
    '/api/plants/:id/assistant/trace',
    {
      schema: {
        tags,
        summary: 'Model calls made for this plant (assistant and /v1), with defence actions, newest first',
        params: idParams,
        response: { 200: z.array(loose) },
      },
    },
    async (request) => assistant.assistantTrace(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/plants/:id/assistant/measure',
    {
      schema: {
        tags,
        summary: 'Replay the attack suite and benign tasks N times against a sandboxed copy with these defences',
        params: idParams,
        body: assistant.measureSchema,
        response: { 200: loose },
      },
    },
    async (request) => ({
      ...(await assistant.measureDefences(ctx, requireActor(request), request.params.id, request.body)),
    }),
  );
}
