/** HTTP routes of user, workspace and membership administration. Thin: schema → service. @module */
import {
  auditEventDtoSchema,
  createUserSchema,
  createWorkspaceSchema,
  memberDtoSchema,
  putMemberSchema,
  resetPasswordSchema,
  updateUserSchema,
  userDtoSchema,
  workspaceDtoSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import {
  listAuditEvents,
  requireActor,
  requireSystemAdmin,
  type AppContext,
  type AppInstance,
} from '../../../platform/index.js';
import * as admin from './admin.service.js';

const userParams = z.object({ id: z.string().min(1).max(100) });
const workspaceParams = z.object({ id: z.string().min(1).max(100) });
const memberParams = z.object({ id: z.string().min(1).max(100), username: z.string().min(1).max(64) });
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z.coerce.number().int().optional(),
  /** Every record of one object: its changes, who read it, who was refused it. */
  objectId: z.string().min(1).max(200).optional(),
  actorId: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
});

export function registerAdminRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/admin/users',
    { schema: { tags: ['admin'], summary: 'All users', response: { 200: z.array(userDtoSchema) } } },
    async (request) => admin.listUsers(ctx, requireSystemAdmin(request)),
  );

  app.post(
    '/api/admin/users',
    { schema: { tags: ['admin'], summary: 'Create a user', body: createUserSchema, response: { 201: userDtoSchema } } },
    async (request, reply) =>
      reply.status(201).send(await admin.addUser(ctx, requireSystemAdmin(request), request.body)),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Update, disable or unlock a user',
        params: userParams,
        body: updateUserSchema,
        response: { 200: userDtoSchema },
      },
    },
    async (request) => admin.updateUser(ctx, requireSystemAdmin(request), request.params.id, request.body),
  );

  app.post(
    '/api/admin/users/:id/password',
    {
      schema: {
        tags: ['admin'],
        summary: "Reset a user's password",
        params: userParams,
        body: resetPasswordSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await admin.resetUserPassword(ctx, requireSystemAdmin(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The whole audit trail, newest first',
        querystring: auditQuery,
        response: { 200: z.array(auditEventDtoSchema) },
      },
    },
    async (request) => {
      requireSystemAdmin(request);
      return listAuditEvents(ctx.db, request.query);
    },
  );

  app.get(
    '/api/workspaces',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Workspaces you belong to (all, for a system admin)',
        response: { 200: z.array(workspaceDtoSchema) },
      },
    },
    async (request) => admin.listWorkspaces(ctx, requireActor(request)),
  );

  app.post(
    '/api/workspaces',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace',
        body: createWorkspaceSchema,
        response: { 201: workspaceDtoSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await admin.createWorkspace(ctx, requireSystemAdmin(request), request.body)),
  );

  app.get(
    '/api/workspaces/:id/members',
    {
      schema: {
        tags: ['workspaces'],
        summary: "A workspace's members",
        params: workspaceParams,
        response: { 200: z.array(memberDtoSchema) },
      },
    },
    async (request) => admin.listMembers(ctx, requireActor(request), request.params.id),
  );

  app.put(
    '/api/workspaces/:id/members/:username',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Add a member or change their role',
        params: memberParams,
        body: putMemberSchema,
        response: { 200: memberDtoSchema },
      },
    },
    async (request) =>
      admin.putMember(ctx, requireActor(request), request.params.id, request.params.username, request.body),
  );

  app.delete(
    '/api/workspaces/:id/members/:username',
    { schema: { tags: ['workspaces'], summary: 'Remove a member', params: memberParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await admin.removeMember(ctx, requireActor(request), request.params.id, request.params.username);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/workspaces/:id/audit',
    {
      schema: {
        tags: ['workspaces'],
        summary: "A workspace's audit trail, newest first",
        params: workspaceParams,
        querystring: auditQuery,
        response: { 200: z.array(auditEventDtoSchema) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      admin.assertCanReadAudit(actor, request.params.id);
      return listAuditEvents(ctx.db, { ...request.query, workspaceId: request.params.id });
    },
  );
}
