/** HTTP routes of feed imports and bulk notifications. @module */
import { Readable } from 'node:stream';
import {
  FEED_FORMAT_NAMES,
  feedDetailSchema,
  feedImportSchema,
  feedNotificationPreviewSchema,
  feedSendResultSchema,
  tlpSchema,
} from '@renkei/contracts';
import { z } from 'zod';
import { AppError, requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as feeds from './feeds.service.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const partyParams = idParams.extend({ partyKey: z.string().min(1).max(200) });

/** Feed files arrive as they are (any size): their bytes are streamed to the reader, not buffered. */
const STREAMED_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/octet-stream'];

export function registerFeedRoutes(app: AppInstance, ctx: AppContext): void {
  app.addContentTypeParser(STREAMED_TYPES, (_request, payload, done) => done(null, payload));
  app.post(
    '/api/workspaces/:workspaceId/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary:
          'Import a feed file sent as the body (text/csv, application/x-ndjson or application/octet-stream): events grouped per responsible party, nothing sent',
        params: workspaceParams,
        querystring: z.object({
          format: z.enum(FEED_FORMAT_NAMES),
          /** Shadowserver report name (scan_rdp, event4_sinkhole, …) when the file name does not say it. */
          report: z.string().max(100).optional(),
          fileName: z.string().max(300).optional(),
          name: z.string().max(300).optional(),
          tlp: tlpSchema.optional(),
        }),
        response: { 201: feedImportSchema },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      if (!(body instanceof Readable))
        throw new AppError(
          'FEED_UNREADABLE',
          `Send the file as the body with Content-Type ${STREAMED_TYPES.join(', ')}`,
        );
      const { format, report, fileName, name, tlp } = request.query;
      const result = await feeds.importFeed(ctx, requireActor(request), request.params.workspaceId, {
        bytes: body,
        format,
        ...(report ? { report } : {}),
        ...(fileName ? { fileName } : {}),
        ...(name ? { name } : {}),
        ...(tlp ? { tlp } : {}),
      });
      return reply.status(201).send(result);
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Feed imports of the workspace (within your clearance)',
        params: workspaceParams,
        response: { 200: z.array(feedImportSchema) },
      },
    },
    async (request) => feeds.listImports(ctx, requireActor(request), request.params.workspaceId),
  );
  app.get(
    '/api/feeds/:id',
    {
      schema: {
        tags: ['feeds'],
        summary: 'A feed import: counts and rates per stage, parties, problems by line',
        params: idParams,
        response: { 200: feedDetailSchema },
      },
    },
    async (request) => feeds.getImport(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/feeds/:id/parties/:partyKey/preview',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Exactly what would be sent to one party (dry run)',
        params: partyParams,
        response: { 200: feedNotificationPreviewSchema },
      },
    },
    async (request) =>
      feeds.previewNotification(ctx, requireActor(request), request.params.id, request.params.partyKey),
  );
  app.get(
    '/api/feeds/:id/parties/:partyKey/events.csv',
    { schema: { tags: ['feeds'], summary: 'The CSV of one party’s events (its attachment)', params: partyParams } },
    async (request, reply) => {
      const { name, csv } = await feeds.partyCsv(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.partyKey,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );
  app.post(
    '/api/feeds/:id/send',
    {
      schema: {
        tags: ['feeds'],
        summary:
          'Send: a job queues one notification per party with an address (CSV attached), its progress on the import; audited. 202 with what will be queued',
        params: idParams,
        response: { 202: feedSendResultSchema },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await feeds.sendNotifications(ctx, requireActor(request), request.params.id)),
  );
}
