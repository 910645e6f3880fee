/**
 * Intake channels, all producing a report in an incident: the public web form, the API,
 * handler's manual entry, and e-mail (SMTP listener, `renkei import mail`).
 *
 * E-mail is durable before it is acknowledged: `receiveMail` stores the raw bytes
 * (content-addressed) and an `inbound_mail` row, and enqueues the processing job, in one
 * committed transaction; only then does the SMTP listener answer 250. Processing is a job, so a
 * crash between acceptance and filing loses nothing: the job runs again after a restart.
 * Mail that cannot be parsed or trips a limit is quarantined with its reason and raw bytes.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { CreateReportInput, SubmitReportInput } from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  accessRepository,
  assertCanLabel,
  assertPermission,
  canonicalJson,
  defineJob,
  getBlob,
  isUniqueViolation,
  nowIso,
  putBlob,
  recordAudit,
  type Actor,
  type AppContext,
  type JobSpec,
} from '../../../platform/index.js';
import { fileReport, findReportByMessageId, type FiledReport } from '../incident/index.js';
import { loadKeyring, looksLikePgpMail, openPgpMail, PgpMailError, type PgpOutcome } from '../keyring/index.js';
import { acknowledgementJobs, sendAcknowledgementJob } from './acknowledgement.js';
import { MailParseError, parseReportMail, type ParsedReportMail } from './mail-parser.js';
import type { InboundMailRow } from './intake.table.js';

export type MailSource = 'smtp' | 'imap' | 'import';

// Workspace ids never change, so the intake workspace is looked up once per process, not on
// every accepted message (it sits on the path between DATA and the 250 reply).
const intakeWorkspaceIds = new WeakMap<AppContext, string>();

async function intakeWorkspaceId(ctx: AppContext): Promise<string> {
  const cached = intakeWorkspaceIds.get(ctx);
  if (cached) return cached;
  const workspace = await accessRepository.findWorkspaceBySlug(ctx.db, ctx.config.hubIntakeWorkspace);
  if (!workspace) throw new AppError('WORKSPACE_NOT_FOUND', `The intake workspace ${ctx.config.hubIntakeWorkspace} does not exist`);
  intakeWorkspaceIds.set(ctx, workspace.id);
  return workspace.id;
}

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
    if (input.reporterEmail) await ctx.jobs.enqueue(sendAcknowledgementJob, { reportId: filed.reportId }, { idempotencyKey: filed.reportId, trx });
    return filed;
  });
}

/** A report sent with an API token, or entered by a handler (phone, fax). */
export async function createReport(ctx: AppContext, actor: Actor, workspaceId: string, input: CreateReportInput): Promise<FiledReport> {
  assertPermission(actor, workspaceId, 'content.write');
  assertCanLabel(actor, workspaceId, input.tlp);
  const files = (input.attachments ?? []).map((file) => ({ ...file, content: Buffer.from(file.contentBase64, 'base64') }));
  for (const file of files) {
    if (file.content.length === 0) throw new AppError('VALIDATION_FAILED', `${file.filename} is empty or not base64`, [{ path: 'body.attachments', message: 'empty' }]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const attachments = [];
    for (const file of files) attachments.push({ sha256: await putBlob(trx, file.content), filename: file.filename, contentType: file.contentType, size: file.content.length });
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
        isIcs: input.isIcs,
        icsDetails: input.ics,
        attachments,
      },
      trx,
    );
  });
}

export interface ReceivedMail {
  inboundId: string;
  rawSha256: string;
}

/** Stores a raw message durably and schedules its processing. Returns once committed. */
export async function receiveMail(ctx: AppContext, raw: Buffer, envelope: { source: MailSource; from?: string | undefined; to?: string[] }): Promise<ReceivedMail> {
  const workspaceId = await intakeWorkspaceId(ctx);
  const inboundId = randomUUID();
  const now = nowIso();
  const rawSha256 = await ctx.db.transaction().execute(async (trx) => {
    const sha = await putBlob(trx, raw);
    const isOversized = raw.length > ctx.config.smtpMaxBytes;
    await trx
      .insertInto('inbound_mail')
      .values({
        id: inboundId,
        workspace_id: workspaceId,
        source: envelope.source,
        raw_sha256: sha,
        size: raw.length,
        envelope_from: envelope.from ?? null,
        envelope_to: JSON.stringify(envelope.to ?? []),
        status: isOversized ? 'quarantined' : 'received',
        reason: isOversized ? `larger than ${ctx.config.smtpMaxBytes} bytes` : null,
        report_id: null,
        received_at: now,
        updated_at: now,
      })
      .execute();
    if (!isOversized) await ctx.jobs.enqueue(processMailJob, { inboundId }, { idempotencyKey: inboundId, trx });
    return sha;
  });
  return { inboundId, rawSha256 };
}

const processMailPayload = z.object({ inboundId: z.string() });

/** Job: parse an inbound message and file it as a report (or quarantine it). Idempotent. */
export const processMailJob: JobSpec<z.infer<typeof processMailPayload>> = {
  name: 'intake.process-mail',
  payload: processMailPayload,
  maxAttempts: 5,
  backoffMs: 2000,
};

export function intakeJobs(ctx: AppContext) {
  return [defineJob({ ...processMailJob, handler: ({ inboundId }) => processInboundMail(ctx, inboundId) }), ...acknowledgementJobs(ctx)];
}

async function quarantine(ctx: AppContext, mail: InboundMailRow, reason: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('inbound_mail').set({ status: 'quarantined', reason, updated_at: nowIso() }).where('id', '=', mail.id).execute();
    await recordAudit(trx, { actorId: null, action: 'inbound-mail.quarantine', objectType: 'inbound_mail', objectId: mail.id, workspaceId: mail.workspace_id, detail: { reason } });
  });
}

async function markDuplicate(ctx: AppContext, mail: InboundMailRow, reportId: string, reason: string) {
  await ctx.db.updateTable('inbound_mail').set({ status: 'processed', report_id: reportId, reason, updated_at: nowIso() }).where('id', '=', mail.id).execute();
  return { status: 'duplicate', reportId };
}

export async function processInboundMail(ctx: AppContext, inboundId: string): Promise<{ status: string; reportId?: string }> {
  const mail = await ctx.db.selectFrom('inbound_mail').selectAll().where('id', '=', inboundId).executeTakeFirst();
  if (!mail || mail.status !== 'received') return { status: mail?.status ?? 'missing' };
  // The very same bytes again (an IMAP message re-read after a crash, a re-import) fold into
  // the first report even when the message has no Message-ID.
  const sameBytes = await ctx.db
    .selectFrom('inbound_mail')
    .select('report_id')
    .where('workspace_id', '=', mail.workspace_id)
    .where('raw_sha256', '=', mail.raw_sha256)
    .where('status', '=', 'processed')
    .where('id', '!=', mail.id)
    .where('report_id', 'is not', null)
    .executeTakeFirst();
  if (sameBytes?.report_id) return markDuplicate(ctx, mail, sameBytes.report_id, 'same raw message');
  const raw = await getBlob(ctx.db, mail.raw_sha256);
  if (!raw) {
    await quarantine(ctx, mail, 'raw message missing');
    return { status: 'quarantined' };
  }
  let source = raw;
  let pgp: PgpOutcome | undefined;
  if (looksLikePgpMail(raw)) {
    try {
      const opened = await openPgpMail(raw, await loadKeyring(ctx, mail.workspace_id));
      if (opened) ({ raw: source, outcome: pgp } = opened);
    } catch (error) {
      if (!(error instanceof PgpMailError)) throw error;
      await quarantine(ctx, mail, error.message);
      return { status: 'quarantined' };
    }
  }
  let parsed;
  try {
    parsed = await parseReportMail(source);
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    await quarantine(ctx, mail, error.message);
    return { status: 'quarantined' };
  }
  if (!parsed.text && parsed.extraText.length === 0 && parsed.attachments.length === 0) {
    await quarantine(ctx, mail, 'the message has no content');
    return { status: 'quarantined' };
  }
  // The same message twice (IMAP re-delivery, a re-import) makes one report.
  if (parsed.messageId) {
    const existing = await findReportByMessageId(ctx.db, mail.workspace_id, parsed.messageId);
    if (existing) return markDuplicate(ctx, mail, existing.id, 'duplicate message-id');
  }
  let filed: FiledReport;
  try {
    filed = await fileParsedMail(ctx, mail, parsed, pgp);
  } catch (error) {
    // The same message was filed by a concurrent job a moment ago: fold into that report.
    if (!isUniqueViolation(error)) throw error;
    const existing =
      (parsed.messageId ? await findReportByMessageId(ctx.db, mail.workspace_id, parsed.messageId) : undefined) ??
      (await ctx.db.selectFrom('report').select('id').where('workspace_id', '=', mail.workspace_id).where('raw_sha256', '=', mail.raw_sha256).executeTakeFirst());
    if (!existing) throw error;
    return markDuplicate(ctx, mail, existing.id, parsed.messageId ? 'duplicate message-id' : 'same raw message');
  }
  return { status: 'processed', reportId: filed.reportId };
}

function fileParsedMail(ctx: AppContext, mail: InboundMailRow, parsed: ParsedReportMail, pgp: PgpOutcome | undefined): Promise<FiledReport> {
  return ctx.db.transaction().execute(async (trx) => {
    const attachments = [];
    for (const attachment of parsed.attachments) {
      attachments.push({ sha256: await putBlob(trx, attachment.content), filename: attachment.filename, contentType: attachment.contentType, size: attachment.size });
    }
    const result = await fileReport(
      ctx,
      {
        workspaceId: mail.workspace_id,
        channel: 'email',
        tlp: 'AMBER',
        subject: parsed.subject,
        body: parsed.text,
        extraText: parsed.extraText,
        extraObservables: parsed.extraObservables,
        reporterName: parsed.from.name ?? undefined,
        reporterEmail: parsed.from.address ?? mail.envelope_from ?? undefined,
        rawSha256: mail.raw_sha256,
        messageId: parsed.messageId ?? undefined,
        replyTo: parsed.inReplyTo,
        receivedAt: mail.received_at,
        pgp,
        attachments,
      },
      trx,
    );
    await trx.updateTable('inbound_mail').set({ status: 'processed', report_id: result.reportId, updated_at: nowIso() }).where('id', '=', mail.id).execute();
    // RFC 3834: no acknowledgement to auto-replies, bulk mail or mailer-daemons.
    if (!parsed.isAutomated) await ctx.jobs.enqueue(sendAcknowledgementJob, { reportId: result.reportId }, { idempotencyKey: result.reportId, trx });
    return result;
  });
}

export async function listQuarantine(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.write');
  return ctx.db
    .selectFrom('inbound_mail')
    .select(['id', 'source', 'size', 'envelope_from', 'reason', 'received_at', 'raw_sha256'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'quarantined')
    .orderBy('received_at', 'desc')
    .limit(500)
    .execute();
}

async function loadQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<InboundMailRow> {
  const mail = await ctx.db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
  if (!mail || mail.status !== 'quarantined' || !actor.memberships.has(mail.workspace_id)) throw new AppError('NOT_FOUND', 'Quarantined message not found');
  assertPermission(actor, mail.workspace_id, 'content.write');
  return mail;
}

/** Releases a quarantined message for processing again (e.g. after a parser fix). */
export async function releaseQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('inbound_mail').set({ status: 'received', reason: null, updated_at: nowIso() }).where('id', '=', id).execute();
    await ctx.jobs.enqueue(processMailJob, { inboundId: id }, { idempotencyKey: `${id}:release:${nowIso()}`, trx });
    await recordAudit(trx, { actorId: actor.userId, action: 'inbound-mail.release', objectType: 'inbound_mail', objectId: id, workspaceId: mail.workspace_id });
  });
}

/** Deletes a quarantined message from the list; its raw bytes stay (evidence is never destroyed silently). */
export async function deleteQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('inbound_mail').set({ status: 'deleted', updated_at: nowIso() }).where('id', '=', id).execute();
    await recordAudit(trx, { actorId: actor.userId, action: 'inbound-mail.delete', objectType: 'inbound_mail', objectId: id, workspaceId: mail.workspace_id });
  });
}
