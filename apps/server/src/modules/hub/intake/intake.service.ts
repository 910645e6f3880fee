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
  type Db,
  nowIso,
  putBlob,
  recordAudit,
  type Actor,
  type AppContext,
  type JobSpec,
} from '../../../platform/index.js';
import { fileReport, findEarlierReport, type FiledReport } from '../incident/index.js';
import { openReportMail, PgpMailError, type PgpOutcome } from '../keyring/index.js';
import { acknowledgementJobs, sendAcknowledgementJob } from './acknowledgement.js';
import { readMail } from './mail-reader.js';
import type { ReadMail } from './mail-reading.js';
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
/** A stored message's row, as it arrives: received, not yet filed. */
function newInboundMail(workspaceId: string, rawSha256: string, size: number, envelope: { source: MailSource; from?: string | undefined; to?: string[] | undefined }): InboundMailRow {
  const now = nowIso();
  return {
    id: randomUUID(),
    workspace_id: workspaceId,
    source: envelope.source,
    raw_sha256: rawSha256,
    size,
    envelope_from: envelope.from ?? null,
    envelope_to: JSON.stringify(envelope.to ?? []),
    status: 'received',
    reason: null,
    report_id: null,
    received_at: now,
    updated_at: now,
  };
}

export async function receiveMail(ctx: AppContext, raw: Buffer, envelope: { source: MailSource; from?: string | undefined; to?: string[] }): Promise<ReceivedMail> {
  const workspaceId = await intakeWorkspaceId(ctx);
  const mail = await ctx.db.transaction().execute(async (trx) => {
    const row = newInboundMail(workspaceId, await putBlob(trx, raw), raw.length, envelope);
    const isOversized = raw.length > ctx.config.smtpMaxBytes;
    if (isOversized) Object.assign(row, { status: 'quarantined', reason: `larger than ${ctx.config.smtpMaxBytes} bytes` });
    await trx.insertInto('inbound_mail').values(row).execute();
    if (!isOversized) await ctx.jobs.enqueue(processMailJob, { inboundId: row.id }, { idempotencyKey: row.id, trx });
    return row;
  });
  return { inboundId: mail.id, rawSha256: mail.raw_sha256 };
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

/** A message ready to file: read (parsed, extracted) and its OpenPGP outcome, or why it is quarantined. */
type Opened = Extract<ReadMail, { kind: 'quarantine' }> | (Extract<ReadMail, { kind: 'parsed' }> & { pgp: PgpOutcome | undefined });
export interface ProcessResult {
  status: string;
  reportId?: string;
}

/**
 * Opens OpenPGP (which needs the keyring, so here), then parses, checks and extracts the message
 * in a parse worker: CPU work, no writes.
 */
async function openAndParse(ctx: AppContext, workspaceId: string, raw: Buffer): Promise<Opened> {
  let opened;
  try {
    opened = await openReportMail(ctx, workspaceId, raw);
  } catch (error) {
    if (!(error instanceof PgpMailError)) throw error;
    return { kind: 'quarantine', reason: error.message };
  }
  const read = await readMail(opened.raw, ctx.config.intakeWorkers);
  return read.kind === 'parsed' ? { ...read, pgp: opened.pgp } : read;
}

/**
 * Files one opened message inside `db` (a transaction): quarantine, fold into an earlier report
 * (same bytes, same Message-ID), or file a new report and queue its acknowledgement.
 */
async function fileInbound(ctx: AppContext, db: Db, mail: InboundMailRow, opened: Opened): Promise<ProcessResult> {
  const now = nowIso();
  if (opened.kind === 'quarantine') {
    await db.updateTable('inbound_mail').set({ status: 'quarantined', reason: opened.reason, updated_at: now }).where('id', '=', mail.id).execute();
    await recordAudit(db, { actorId: null, action: 'inbound-mail.quarantine', objectType: 'inbound_mail', objectId: mail.id, workspaceId: mail.workspace_id, detail: { reason: opened.reason } });
    return { status: 'quarantined' };
  }
  const duplicate = async (reportId: string, reason: string): Promise<ProcessResult> => {
    await db.updateTable('inbound_mail').set({ status: 'processed', report_id: reportId, reason, updated_at: now }).where('id', '=', mail.id).execute();
    return { status: 'duplicate', reportId };
  };
  const { parsed, pgp, extracted } = opened;
  // The very same bytes again (an IMAP message re-read after a crash, a re-import), even without
  // a Message-ID, or the same message twice (IMAP re-delivery) fold into the first report.
  const earlier = await findEarlierReport(db, mail.workspace_id, mail.raw_sha256, parsed.messageId);
  if (earlier) return duplicate(earlier.id, earlier.reason);
  const attachments = [];
  for (const attachment of parsed.attachments) {
    attachments.push({ sha256: await putBlob(db, attachment.content), filename: attachment.filename, contentType: attachment.contentType, size: attachment.size });
  }
  const filed = await fileReport(
    ctx,
    {
      workspaceId: mail.workspace_id,
      channel: 'email',
      tlp: 'AMBER',
      subject: parsed.subject,
      body: parsed.text,
      extraText: parsed.extraText,
      extraObservables: parsed.extraObservables,
      extracted,
      reporterName: parsed.from.name ?? undefined,
      reporterEmail: parsed.from.address ?? mail.envelope_from ?? undefined,
      rawSha256: mail.raw_sha256,
      messageId: parsed.messageId ?? undefined,
      replyTo: parsed.inReplyTo,
      receivedAt: mail.received_at,
      pgp,
      attachments,
    },
    db,
  );
  await db.updateTable('inbound_mail').set({ status: 'processed', report_id: filed.reportId, updated_at: now }).where('id', '=', mail.id).execute();
  // RFC 3834: no acknowledgement to auto-replies, bulk mail or mailer-daemons.
  if (!parsed.isAutomated) await ctx.jobs.enqueue(sendAcknowledgementJob, { reportId: filed.reportId }, { idempotencyKey: filed.reportId, trx: db });
  return { status: 'processed', reportId: filed.reportId };
}

export async function processInboundMail(ctx: AppContext, inboundId: string): Promise<ProcessResult> {
  const mail = await ctx.db.selectFrom('inbound_mail').selectAll().where('id', '=', inboundId).executeTakeFirst();
  if (!mail || mail.status !== 'received') return { status: mail?.status ?? 'missing' };
  const raw = await getBlob(ctx.db, mail.raw_sha256);
  const opened: Opened = raw ? await openAndParse(ctx, mail.workspace_id, raw) : { kind: 'quarantine', reason: 'raw message missing' };
  try {
    return await ctx.db.transaction().execute((trx) => fileInbound(ctx, trx, mail, opened));
  } catch (error) {
    // The same message was filed by a concurrent job a moment ago: file again, which folds it
    // into that report now that it is committed.
    if (!isUniqueViolation(error)) throw error;
    return ctx.db.transaction().execute((trx) => fileInbound(ctx, trx, mail, opened));
  }
}

/**
 * Imports many messages (`renkei import mail`, bulk loads): the same checks and filing as
 * mail received one by one, but in batches. The parse workers read the next batch while this
 * thread files the current one, and a batch's filing is committed once — one FTS segment and
 * one WAL write per batch instead of per message.
 */
export async function importMail(
  ctx: AppContext,
  messages: readonly Buffer[],
  options: { source?: MailSource; batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<Record<string, number>> {
  const workspaceId = await intakeWorkspaceId(ctx);
  const batchSize = options.batchSize ?? 200;
  const counts: Record<string, number> = {};
  const open = (start: number) =>
    Promise.all(
      messages
        .slice(start, start + batchSize)
        .map((raw): Promise<Opened> => (raw.length > ctx.config.smtpMaxBytes ? Promise.resolve({ kind: 'quarantine', reason: `larger than ${ctx.config.smtpMaxBytes} bytes` }) : openAndParse(ctx, workspaceId, raw))),
    );
  let reading = open(0);
  for (let start = 0; start < messages.length; start += batchSize) {
    const batch = messages.slice(start, start + batchSize);
    const opened = await reading;
    if (start + batchSize < messages.length) reading = open(start + batchSize);
    const results = await ctx.db.transaction().execute(async (trx) => {
      const filed: ProcessResult[] = [];
      for (const [index, raw] of batch.entries()) {
        const mail = newInboundMail(workspaceId, await putBlob(trx, raw), raw.length, { source: options.source ?? 'import' });
        await trx.insertInto('inbound_mail').values(mail).execute();
        filed.push(await fileInbound(ctx, trx, mail, opened[index]!));
      }
      return filed;
    });
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    options.onProgress?.(Math.min(messages.length, start + batch.length), messages.length);
  }
  return counts;
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
