/** HTTP routes of the partner directory. @module */
import {
  ORGANISATION_KINDS,
  directoryImportResultSchema,
  organisationSchema,
  organisationSummarySchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as directory from './directory.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerDirectoryRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/directory',
    {
      schema: {
        tags: ['directory'],
        summary: 'Organisations in the partner directory (those within your TLP clearance)',
        params: workspaceParams,
        querystring: z.object({
          kind: z.enum(ORGANISATION_KINDS).optional(),
          country: z.string().length(2).optional(),
          q: z.string().trim().max(200).optional(),
        }),
        response: { 200: z.array(organisationSummarySchema) },
      },
    },
    async (request) =>
      directory.listOrganisations(ctx, requireActor(request), request.params.workspaceId, {
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.country ? { country: request.query.country.toUpperCase() } : {}),
        ...(request.query.q ? { text: request.query.q } : {}),
      }),
  );
  app.post(
    '/api/workspaces/:workspaceId/directory',
    {
      schema: {
        tags: ['directory'],
        summary: 'Add an organisation (a name already in the directory replaces that entry)',
        params: workspaceParams,
        body: z.unknown(),
        response: { 201: organisationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await directory.createOrganisation(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.post(
    '/api/workspaces/:workspaceId/directory/import',
    {
      schema: {
        tags: ['directory'],
        summary:
          "Import organisations from CSV, JSON or FIRST's team directory (docs/reference/directory-format.md); bad rows are reported",
        params: workspaceParams,
        body: z.object({
          format: z.enum(['csv', 'json', 'first']),
          content: z.unknown(),
          /** The kind given to every team of a FIRST listing (FIRST does not say which are national). */
          kind: z.enum(ORGANISATION_KINDS).optional(),
        }),
        response: { 200: directoryImportResultSchema },
      },
      bodyLimit: 32 * 1024 * 1024,
    },
    async (request) =>
      directory.importDirectory(ctx, requireActor(request), request.params.workspaceId, {
        format: request.body.format,
        content: request.body.content,
        kind: request.body.kind,
      }),
  );
  app.get(
    '/api/workspaces/:workspaceId/directory/export',
    {
      schema: {
        tags: ['directory'],
        summary: 'Export the directory (what you may read) as CSV or JSON',
        params: workspaceParams,
        querystring: z.object({ format: z.enum(['csv', 'json']).default('json') }),
      },
    },
    async (request, reply) => {
      const body = await directory.exportDirectory(
        ctx,
        requireActor(request),
        request.params.workspaceId,
        request.query.format,
      );
      return reply
        .type(request.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="directory.${request.query.format}"`)
        .send(body);
    },
  );
  app.get(
    '/api/directory/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'One organisation with its people, constituency and keys (with expiry warnings)',
        params: idParams,
        response: { 200: organisationSchema },
      },
    },
    async (request) => directory.getOrganisation(ctx, requireActor(request), request.params.id),
  );
  app.put(
    '/api/directory/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Replace an organisation',
        params: idParams,
        body: z.unknown(),
        response: { 200: organisationSchema },
      },
    },
    async (request) => directory.updateOrganisation(ctx, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/directory/:id',
    {
      schema: { tags: ['directory'], summary: 'Remove an organisation', params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await directory.deleteOrganisation(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
