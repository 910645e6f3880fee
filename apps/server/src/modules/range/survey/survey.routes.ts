/** HTTP routes of surveys: build, answer, results, raw data. @module */
import { surveyAnswersSchema, surveyInputSchema, surveyResultsSchema, surveySchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as survey from './survey.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerSurveyRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/workspaces/:workspaceId/surveys',
    {
      schema: {
        tags: ['survey'],
        summary: 'Surveys of the course',
        params: workspaceParams,
        response: { 200: z.array(surveySchema) },
      },
    },
    async (request) => survey.listSurveys(ctx, requireActor(request), request.params.workspaceId),
  );
  app.post(
    '/api/workspaces/:workspaceId/surveys',
    {
      schema: {
        tags: ['survey'],
        summary: 'Build a survey (instructors)',
        params: workspaceParams,
        body: surveyInputSchema,
        response: { 201: surveySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await survey.createSurvey(ctx, requireActor(request), request.params.workspaceId, request.body)),
  );
  app.get(
    '/api/surveys/:id',
    {
      schema: {
        tags: ['survey'],
        summary: 'A survey and its questions',
        params: idParams,
        response: { 200: surveySchema },
      },
    },
    async (request) => survey.getSurvey(ctx, requireActor(request), request.params.id),
  );
  app.put(
    '/api/surveys/:id',
    {
      schema: {
        tags: ['survey'],
        summary: 'Change a survey (questions only until the first answer)',
        params: idParams,
        body: surveyInputSchema,
        response: { 200: surveySchema },
      },
    },
    async (request) => survey.updateSurvey(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/surveys/:id/responses',
    {
      schema: {
        tags: ['survey'],
        summary: 'Answer a survey (once)',
        params: idParams,
        body: z.object({ answers: surveyAnswersSchema }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await survey.answerSurvey(ctx, requireActor(request), request.params.id, request.body.answers);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/surveys/:id/qr.svg',
    { schema: { tags: ['survey'], summary: 'QR code of the address where the survey is answered', params: idParams } },
    async (request, reply) =>
      reply
        .header('content-type', 'image/svg+xml')
        .header('x-content-type-options', 'nosniff')
        .send(
          await survey.surveyQrSvg(
            ctx,
            requireActor(request),
            request.params.id,
            `${request.protocol}://${request.host}`,
          ),
        ),
  );
  app.get(
    '/api/surveys/:id/results',
    {
      schema: {
        tags: ['survey'],
        summary: 'Aggregated results (staff)',
        params: idParams,
        response: { 200: surveyResultsSchema },
      },
    },
    async (request) => survey.surveyResults(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/surveys/:id/responses.csv',
    { schema: { tags: ['survey'], summary: 'Raw data, one row per response (staff)', params: idParams } },
    async (request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="survey-responses.csv"')
        .send(await survey.surveyCsv(ctx, requireActor(request), request.params.id)),
  );
  app.get(
    '/api/surveys/:id/responses.xlsx',
    { schema: { tags: ['survey'], summary: 'Raw data with codebook and summary (staff)', params: idParams } },
    async (request, reply) =>
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="survey-responses.xlsx"')
        .send(await survey.surveyXlsx(ctx, requireActor(request), request.params.id)),
  );
}
