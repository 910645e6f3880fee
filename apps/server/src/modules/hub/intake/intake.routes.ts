/** HTTP routes of intake: the public web form, reports by API or by hand, the quarantine. @module */
import {
  createReportSchema,
  reportMessageViewSchema,
  reportReceiptSchema,
  submitReportSchema,
  QUARANTINE_REASONS,
  quarantineReasonCode,
} from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  accessRepository,
  requireActor,
  type AppContext,
  type AppInstance,
} from '../../../platform/index.js';
import { teamPublicKey } from '../keyring/index.js';
import { intakeConfig } from './intake.config.js';
import * as intake from './intake.service.js';
import * as quarantine from './quarantine.js';
import { rawReportMessage, viewReportMessage } from './message-view.js';

const workspaceParams = z.object({ workspaceId: z.string().min(1).max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });
const quarantineEntrySchema = z.object({
  id: z.string(),
  source: z.string(),
  size: z.number(),
  envelope_from: z.string().nullable(),
  reason: z.string().nullable(),
  /** The reason as a code the UI translates (QUARANTINE_REASONS). */
  reason_code: z.enum(QUARANTINE_REASONS),
  received_at: z.string(),
  raw_sha256: z.string(),
});

export function registerIntakeRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/public/pgp-key',
    {
      schema: {
        tags: ['intake'],
        summary: "The team's OpenPGP public key, for encrypting reports to the intake workspace (no sign-in)",
        security: [],
      },
      config: { isPublic: true },
    },
    async (_request, reply) => {
      const workspace = await accessRepository.findWorkspaceBySlug(
        ctx.db,
        intakeConfig.of(ctx.config).hubIntakeWorkspace,
      );
      const key = workspace ? await teamPublicKey(ctx, workspace.id) : undefined;
      if (!key) throw new AppError('NOT_FOUND', 'No team key has been published');
      return reply
        .type('application/pgp-keys; charset=utf-8')
        .header('x-pgp-fingerprint', key.fingerprint)
        .send(key.armoredPublic);
    },
  );
  app.post(
    '/api/public/reports',
    {
      schema: {
        tags: ['intake'],
        summary: 'Report an incident (public web form, no sign-in)',
        security: [],
        body: submitReportSchema,
        response: { 201: reportReceiptSchema },
      },
      config: { isPublic: true, skipCsrf: true, rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const filed = await intake.submitPublicReport(ctx, request.body, request.ip);
      return reply.status(201).send({ trackingNumber: filed.trackingNumber, reportId: filed.reportId });
    },
  );
  app.post(
    '/api/workspaces/:workspaceId/reports',
    {
      schema: {
        tags: ['intake'],
        summary: 'File a report (API, or a handler entering a phone/fax report with the scanned page attached)',
        params: workspaceParams,
        body: createReportSchema,
        response: { 201: reportReceiptSchema.extend({ incidentId: z.string(), isNewIncident: z.boolean() }) },
      },
      // Scanned pages travel base64-encoded: up to 10 files of ~10 MB.
      bodyLimit: 64 * 1024 * 1024,
    },
    async (request, reply) => {
      const filed = await intake.createReport(ctx, requireActor(request), request.params.workspaceId, request.body);
      return reply.status(201).send({
        trackingNumber: filed.trackingNumber,
        reportId: filed.reportId,
        incidentId: filed.incidentId,
        isNewIncident: filed.isNewIncident,
      });
    },
  );
  app.get(
    '/api/workspaces/:workspaceId/quarantine',
    {
      schema: {
        tags: ['intake'],
        summary: 'Quarantined inbound mail, with the reason',
        params: workspaceParams,
        response: { 200: z.array(quarantineEntrySchema) },
      },
    },
    async (request) =>
      (await quarantine.listQuarantine(ctx, requireActor(request), request.params.workspaceId)).map((entry) => ({
        ...entry,
        reason_code: quarantineReasonCode(entry.reason),
      })),
  );
  app.post(
    '/api/quarantine/:id/release',
    {
      schema: {
        tags: ['intake'],
        summary: 'Process a quarantined message again',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await quarantine.releaseQuarantined(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/api/quarantine/:id',
    {
      schema: {
        tags: ['intake'],
        summary: 'Remove a message from the quarantine (its raw bytes are kept)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await quarantine.deleteQuarantined(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/reports/:id/message',
    {
      schema: {
        tags: ['intake'],
        summary: 'The original message of a report, safe to look at: headers, text, sanitised HTML',
        params: idParams,
        response: { 200: reportMessageViewSchema },
      },
    },
    async (request) => viewReportMessage(ctx, requireActor(request), request.params.id),
  );
  app.get(
    '/api/reports/:id/raw',
    {
      schema: {
        tags: ['intake'],
        summary: 'Download the original message byte for byte (never rendered)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const { raw, sha256 } = await rawReportMessage(ctx, requireActor(request), request.params.id);
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="${sha256.slice(0, 16)}.eml"`)
        .header('x-content-sha256', sha256)
        .send(raw);
    },
  );
}
