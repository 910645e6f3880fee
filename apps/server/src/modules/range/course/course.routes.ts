/** HTTP routes of the course: plan, timetable, participants, groups, attendance, implementation plan. @module */
import {
  blockInputSchema,
  blockSchema,
  courseInputSchema,
  courseSchema,
  groupSchema,
  participantImportResultSchema,
  participantSchema,
  sessionResponseSchema,
  signInCodeSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { answerWithSession, requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import { issueSignInCode, signInWithCode } from './sign-in-code.js';
import * as course from './course.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function registerCourseRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/course',
    {
      schema: {
        tags: ['course'],
        summary: 'The course: plan and timetable',
        params: workspaceParams,
        response: { 200: courseSchema },
      },
    },
    async (request) => course.getCourse(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/workspaces/:workspaceId/course',
    {
      schema: {
        tags: ['course'],
        summary: 'Create or change the course plan (instructors)',
        params: workspaceParams,
        body: courseInputSchema,
        response: { 200: courseSchema },
      },
    },
    async (request) => course.saveCourse(ctx, requireActor(request), request.params.workspaceId, request.body),
  );
  app.post(
    '/api/workspaces/:workspaceId/course/blocks',
    {
      schema: {
        tags: ['course'],
        summary: 'Add a block to the timetable (instructors)',
        params: workspaceParams,
        body: blockInputSchema,
        response: { 201: blockSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await course.addBlock(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.put(
    '/api/course-blocks/:id',
    {
      schema: {
        tags: ['course'],
        summary: 'Change a timetable block (instructors)',
        params: idParams,
        body: blockInputSchema,
        response: { 200: blockSchema },
      },
    },
    async (request) => course.updateBlock(ctx, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/course-blocks/:id',
    {
      schema: {
        tags: ['course'],
        summary: 'Remove a timetable block (instructors)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await course.deleteBlock(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/course/plan.docx',
    {
      schema: { tags: ['course'], summary: 'The implementation plan (実施計画書) as DOCX', params: workspaceParams },
    },
    async (request, reply) => {
      const bytes = await course.implementationPlan(ctx, requireActor(request), request.params.workspaceId);
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', 'attachment; filename="implementation-plan.docx"')
        .send(bytes);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/participants',
    {
      schema: {
        tags: ['course'],
        summary: 'Participants of the course (staff)',
        params: workspaceParams,
        response: { 200: z.array(participantSchema) },
      },
    },
    async (request) => course.listParticipants(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/participants/import',
    {
      schema: {
        tags: ['course'],
        summary: "Import the organiser's participant list (CSV text or XLSX as base64); bad rows are reported",
        params: workspaceParams,
        body: z.object({ format: z.enum(['csv', 'xlsx']), content: z.string().max(20_000_000) }),
        response: { 200: participantImportResultSchema },
      },
      bodyLimit: 32 * 1024 * 1024,
    },
    async (request) => course.importParticipants(ctx, requireActor(request), request.params.workspaceId, request.body),
  );
  app.put(
    '/api/participants/:id/attendance',
    {
      schema: {
        tags: ['course'],
        summary: 'Record the days a participant was present (staff)',
        params: idParams,
        body: z.object({ days: z.array(z.number().int().min(1).max(10)).max(10) }),
        response: { 200: participantSchema },
      },
    },
    async (request) => course.setAttendance(ctx, requireActor(request), request.params.id, request.body.days),
  );
  app.put(
    '/api/participants/:id/group',
    {
      schema: {
        tags: ['course'],
        summary: 'Move a participant to a group (instructors)',
        params: idParams,
        body: z.object({ groupId: z.string().max(100).nullable() }),
        response: { 200: participantSchema },
      },
    },
    async (request) => course.moveParticipant(ctx, requireActor(request), request.params.id, request.body.groupId),
  );
  app.put(
    '/api/participants/:id/account',
    {
      schema: {
        tags: ['course'],
        summary: 'Link a participant to the account they sign in with (instructors)',
        params: idParams,
        body: z.object({ username: z.string().trim().min(1).max(100) }),
        response: { 200: participantSchema },
      },
    },
    async (request) => course.linkAccount(ctx, requireActor(request), request.params.id, request.body.username),
  );
  app.post(
    '/api/participants/:id/sign-in-code',
    {
      schema: {
        tags: ['course'],
        summary: 'Issue a one-time sign-in code (and its QR code) for a participant (instructors)',
        params: idParams,
        response: { 200: signInCodeSchema },
      },
    },
    async (request) => issueSignInCode(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/public/sign-in-code',
    {
      schema: {
        tags: ['course'],
        summary: 'Sign in with a one-time code (trainees)',
        body: z.object({ code: z.string().trim().min(8).max(20) }),
        response: { 200: sessionResponseSchema },
      },
      config: { isPublic: true, skipCsrf: true, rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request, reply) => answerWithSession(ctx, reply, await signInWithCode(ctx, request.body.code, request.ip)),
  );
  app.get(
    '/api/workspaces/:workspaceId/groups',
    {
      schema: {
        tags: ['course'],
        summary: 'Groups of the course',
        params: workspaceParams,
        response: { 200: z.array(groupSchema) },
      },
    },
    async (request) => course.listGroups(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/groups',
    {
      schema: {
        tags: ['course'],
        summary: 'Form groups of about this size, balanced by organisation and sector (instructors)',
        params: workspaceParams,
        body: z.object({ size: z.number().int().min(2).max(20).default(5) }),
        response: { 200: z.array(groupSchema) },
      },
    },
    async (request) => course.formGroups(ctx, requireActor(request), request.params.workspaceId, request.body.size),
  );
}
