/**
 * Reports that are not e-mail: the public web form and reports by API or entered by a handler.
 * E-mail goes through receipt.ts (SMTP, IMAP) and mail-filing.ts (filing, bulk import); the
 * quarantine is quarantine.ts.
 * @module
 */
import type { CreateReportInput, SubmitReportInput } from '@renkei/contracts';
import {
  AppError,
  assertCanLabel,
  assertPermission,
  canonicalJson,
  nowIso,
  putBlob,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { fileReport, type FiledReport } from '../incident/index.js';
import { sendAcknowledgementJob } from './acknowledgement.js';
import { intakeWorkspaceId } from './inbound-mail.js';

/** The public web form: no login; the submission itself is kept as immutable raw evidence. */
export async function submitPublicReport(ctx: AppContext, input: SubmitReportInput, ip: string): Promise<FiledReport> {
  const workspaceId = await intakeWorkspaceId(ctx);
  const raw = Buffer.from(canonicalJson({ ...input, submittedAt: nowIso(), ip }));
  return ctx.db.transaction().execute(async (trx) => {
    const rawSha256 = await putBlob(trx, raw);
    const filed = await fileReport(
      ctx,
      {
        workspaceId,
        channel: 'web',
        tlp: 'AMBER',
        subject: input.subject,
        body: input.body,
        reporterName: input.reporterName,
        reporterEmail: input.reporterEmail,
        reporterOrganization: input.reporterOrganization,
        language: input.language,
        rawSha256,
        isIcs: input.isIcs,
        icsDetails: input.ics,
      },
      trx,
    );
    if (input.reporterEmail)
      await ctx.jobs.enqueue(
        sendAcknowledgementJob,
        { reportId: filed.reportId },
        { idempotencyKey: filed.reportId, trx },
      );
    return filed;
  });
}

/** A report sent with an API token, or entered by a handler (phone, fax). */
export async function createReport(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: CreateReportInput,
): Promise<FiledReport> {
  assertPermission(actor, workspaceId, 'content.write');
  assertCanLabel(actor, workspaceId, input.tlp);
  const files = (input.attachments ?? []).map((file) => ({
    ...file,
    content: Buffer.from(file.contentBase64, 'base64'),
  }));
  for (const file of files) {
    if (file.content.length === 0)
      throw new AppError('VALIDATION_FAILED', `${file.filename} is empty or not base64`, [
        { path: 'body.attachments', message: 'empty' },
      ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const attachments = [];
    for (const file of files)
      attachments.push({
        sha256: await putBlob(trx, file.content),
        filename: file.filename,
        contentType: file.contentType,
        size: file.content.length,
      });
    return fileReport(
      ctx,
      {
        workspaceId,
        channel: input.channel,
        tlp: input.tlp,
        subject: input.subject,
        body: input.body,
        reporterName: input.reporterName,
        reporterEmail: input.reporterEmail,
        reporterOrganization: input.reporterOrganization,
        language: input.language,
        createdBy: actor.userId,
        readerClearance: actor.memberships.get(workspaceId)?.clearance,
        isIcs: input.isIcs,
        icsDetails: input.ics,
        attachments,
      },
      trx,
    );
  });
}
