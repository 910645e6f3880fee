/** HTTP routes of Range data sets. @module */
import { datasetSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as datasets from './dataset.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerDatasetRoutes(app: AppInstance, ctx: AppContext): void {
  const tags = ['range-dataset'];
  app.get(
    '/api/workspaces/:workspaceId/datasets',
    {
      schema: {
        tags,
        summary: 'Data sets of the course',
        params: workspaceParams,
        response: { 200: z.array(datasetSchema) },
      },
    },
    async (request) => datasets.listDatasets(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/datasets',
    {
      schema: {
        tags,
        summary: 'Generate a labelled synthetic data set (a job; watch its status)',
        params: workspaceParams,
        body: datasets.generateDatasetSchema,
        response: { 202: datasetSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await datasets.requestDataset(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.post(
    '/api/workspaces/:workspaceId/datasets/import',
    {
      schema: {
        tags,
        summary: 'Import a CSV declared synthetic or de-identified; personal data is flagged',
        params: workspaceParams,
        body: datasets.importDatasetSchema,
        response: { 201: datasetSchema },
      },
      bodyLimit: 64 * 1024 * 1024,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await datasets.importDataset(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.get(
    '/api/datasets/:id',
    { schema: { tags, summary: 'One data set', params: idParams, response: { 200: datasetSchema } } },
    async (request) => datasets.getDataset(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/datasets/:id/download',
    {
      schema: {
        tags,
        summary: 'Download as CSV or XLSX (marked synthetic)',
        params: idParams,
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
      },
    },
    async (request, reply) => {
      const file = await datasets.downloadDataset(ctx, requireActor(request), request.params.id, request.query.format);
      return reply
        .type(
          request.query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header(
          'content-disposition',
          `attachment; filename="dataset.${request.query.format}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(file.content);
    },
  );
}
