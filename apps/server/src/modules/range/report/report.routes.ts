/** HTTP routes of the implementation report. @module */
import { reportSectionsSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as report from './report.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });

export function registerReportRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/report/sections',
    {
      schema: {
        tags: ['report'],
        summary: 'The written sections of the report (staff)',
        params: workspaceParams,
        response: { 200: reportSectionsSchema },
      },
    },
    async (request) => report.getSections(ctx, requireActor(request), request.params.workspaceId),
  );
  app.put(
    '/api/workspaces/:workspaceId/report/sections',
    {
      schema: {
        tags: ['report'],
        summary: 'Write the insights, improvements and appendix (kept across regenerations)',
        params: workspaceParams,
        body: reportSectionsSchema,
        response: { 200: reportSectionsSchema },
      },
    },
    async (request) => report.saveSections(ctx, requireActor(request), request.params.workspaceId, request.body),
  );
  app.get(
    '/api/workspaces/:workspaceId/report.docx',
    { schema: { tags: ['report'], summary: 'The implementation report as DOCX (staff)', params: workspaceParams } },
    async (request, reply) =>
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', 'attachment; filename="implementation-report.docx"')
        .send(await report.reportDocx(ctx, requireActor(request), request.params.workspaceId)),
  );
  app.get(
    '/api/workspaces/:workspaceId/report.pdf',
    { schema: { tags: ['report'], summary: 'The implementation report as PDF (staff)', params: workspaceParams } },
    async (request, reply) =>
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="implementation-report.pdf"')
        .send(await report.reportPdf(ctx, requireActor(request), request.params.workspaceId)),
  );
  app.get(
    '/api/workspaces/:workspaceId/deliverables.zip',
    {
      schema: {
        tags: ['report'],
        summary: 'Report, plan and survey data as one archive (staff)',
        params: workspaceParams,
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', 'attachment; filename="deliverables.zip"')
        .send(await report.deliverables(ctx, requireActor(request), request.params.workspaceId)),
  );
}
