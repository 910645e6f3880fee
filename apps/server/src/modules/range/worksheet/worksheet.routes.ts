/** HTTP routes of the groups' risk-assessment worksheets. @module */
import { frameworkReferenceSchema, riskRowInputSchema, riskRowSchema, worksheetSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import { listGroups } from '../course/index.js';
import * as worksheet from './worksheet.service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerWorksheetRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/frameworks',
    {
      schema: {
        tags: ['worksheet'],
        summary:
          'References a risk can be mapped to (OWASP LLM, ATLAS, NIST AI RMF, ISO/IEC 42001, AI事業者ガイドライン)',
        response: { 200: z.array(frameworkReferenceSchema) },
      },
    },
    async () => [...worksheet.frameworkReferences()],
  );
  app.get(
    '/api/groups/:id/worksheet',
    {
      schema: {
        tags: ['worksheet'],
        summary: "A group's risk-assessment worksheet",
        params: idParams,
        response: { 200: worksheetSchema },
      },
    },
    async (request) => worksheet.getWorksheet(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/groups/:id/worksheet/rows',
    {
      schema: {
        tags: ['worksheet'],
        summary: 'Add a risk (group members, staff)',
        params: idParams,
        body: riskRowInputSchema,
        response: { 201: riskRowSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await worksheet.addRow(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.put(
    '/api/risk-rows/:id',
    {
      schema: {
        tags: ['worksheet'],
        summary: 'Change a risk (refused when someone changed it first)',
        params: idParams,
        body: riskRowInputSchema,
        response: { 200: riskRowSchema },
      },
    },
    async (request) => worksheet.updateRow(ctx, requireActor(request), request.params.id, request.body),
  );
  app.delete(
    '/api/risk-rows/:id',
    { schema: { tags: ['worksheet'], summary: 'Remove a risk', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await worksheet.deleteRow(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/worksheets.xlsx',
    {
      schema: {
        tags: ['worksheet'],
        summary: "Every group's worksheet as XLSX",
        params: z.object({ workspaceId: z.string().min(1).max(100) }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const groups = await listGroups(ctx, actor, request.params.workspaceId);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="risk-assessment.xlsx"')
        .send(await worksheet.worksheetsXlsx(ctx, actor, request.params.workspaceId, groups));
    },
  );
}
