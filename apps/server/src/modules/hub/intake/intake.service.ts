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
import { intakeConfig } from './intake.config.js';
import { randomUUID } from 'node:crypto';
import type { CreateReportInput, SubmitReportInput } from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  accessRepository,
  assertCanLabel,
  assertPermission,
  blobsInsert,
  dialectOf,
  canonicalJson,
  defineJob,
  getBlobs,
  isUniqueViolation,
  type Db,
  nowIso,
  putBlob,
  putBlobs,
  recordAudit,
  type Actor,
  type AppContext,
  type JobSpec,
} from '../../../platform/index.js';
import {
  fileReport,
  fileReports,
  findEarlierReports,
  refreshFilingStatistics,
  type FileReportInput,
  type FiledReport,
} from '../incident/index.js';
import { openReportMail, PgpMailError, type PgpOutcome } from '../keyring/index.js';
import { acknowledgementJobs, sendAcknowledgementJob } from './acknowledgement.js';
import { readMail } from './mail-reader.js';
import type { ReadMail } from './mail-reading.js';
import type { InboundMailRow } from './intake.table.js';
import * as repository from './intake.repository.js';

export type MailSource = 'smtp' | 'imap' | 'import';

// Workspace ids never change, so the intake workspace is looked up once per process, not on
// every accepted message (it sits on the path between DATA and the 250 reply).
const intakeWorkspaceIds = new WeakMap<AppContext, string>();

async function intakeWorkspaceId(ctx: AppContext): Promise<string> {
  const cached = intakeWorkspaceIds.get(ctx);
  if (cached) return cached;
  const workspace = await accessRepository.findWorkspaceBySlug(ctx.db, intakeConfig.of(ctx.config).hubIntakeWorkspace);
  if (!workspace)
    throw new AppError(
      'WORKSPACE_NOT_FOUND',
      `The intake workspace ${intakeConfig.of(ctx.config).hubIntakeWorkspace} does not exist`,
    );
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

/** A stored message's row, as it arrives: received, not yet filed. */
function newInboundMail(
  workspaceId: string,
  rawSha256: string,
  size: number,
  envelope: { source: MailSource; from?: string | undefined; to?: string[] | undefined },
): InboundMailRow {
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

type Envelope = { source: MailSource; from?: string | undefined; to?: string[] };
interface PendingReceipt {
  raw: Buffer;
  envelope: Envelope;
  resolve: (received: ReceivedMail) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for received mail: a message arriving while a commit is under way is stored with
 * the others that arrived meanwhile, in the next commit (multi-row, one transaction). Alone, a
 * message is committed at once; in a burst of 50 senders, one commit answers many of them
 * instead of each waiting for a connection and five round trips of its own (PostgreSQL).
 */
class ReceiptCommitter {
  private readonly pending: PendingReceipt[] = [];
  private isCommitting = false;

  constructor(private readonly ctx: AppContext) {}

  receive(raw: Buffer, envelope: Envelope): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      this.pending.push({ raw, envelope, resolve, reject });
      if (!this.isCommitting) void this.commitPending();
    });
  }

  private async commitPending(): Promise<void> {
    this.isCommitting = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 100);
        try {
          const stored = await this.store(batch);
          batch.forEach((receipt, index) => receipt.resolve(stored[index]!));
        } catch (error) {
          for (const receipt of batch) receipt.reject(error);
        }
      }
    } finally {
      this.isCommitting = false;
    }
  }

  /** One commit for the batch: on PostgreSQL a single statement, so a single round trip. */
  private async store(batch: readonly PendingReceipt[]): Promise<ReceivedMail[]> {
    const { ctx } = this;
    const workspaceId = await intakeWorkspaceId(ctx);
    const blobs = blobsInsert(
      ctx.db,
      batch.map((receipt) => receipt.raw),
    );
    const rows = batch.map(({ raw, envelope }, index) => {
      const row = newInboundMail(workspaceId, blobs.hashes[index]!, raw.length, envelope);
      return raw.length > intakeConfig.of(ctx.config).smtpMaxBytes
        ? { ...row, status: 'quarantined', reason: `larger than ${intakeConfig.of(ctx.config).smtpMaxBytes} bytes` }
        : row;
    });
    const toProcess = rows.filter((row) => row.status === 'received');
    await dialectOf(ctx.db).insertTogether(ctx.db, [
      blobs.insert,
      repository.inboundMailInsert(ctx.db, rows),
      ...(toProcess.length > 0
        ? [
            ctx.jobs.jobsInsert(
              processMailJob,
              toProcess.map((row) => ({ payload: { inboundId: row.id }, idempotencyKey: row.id })),
            ),
          ]
        : []),
    ]);
    if (toProcess.length > 0) ctx.jobs.notifyEnqueued();
    return rows.map((row) => ({ inboundId: row.id, rawSha256: row.raw_sha256 }));
  }
}

const committers = new WeakMap<AppContext, ReceiptCommitter>();

/** Stores a raw message durably and schedules its processing. Returns once committed. */
export function receiveMail(ctx: AppContext, raw: Buffer, envelope: Envelope): Promise<ReceivedMail> {
  let committer = committers.get(ctx);
  if (!committer) committers.set(ctx, (committer = new ReceiptCommitter(ctx)));
  return committer.receive(raw, envelope);
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
  return [
    defineJob({
      ...processMailJob,
      handler: ({ inboundId }) => processInboundMail(ctx, inboundId),
      // A burst of received mail is filed in batches, at the speed of a bulk import.
      batch: {
        size: 100,
        handler: async (payloads) =>
          void (await processInboundMails(
            ctx,
            payloads.map((p) => p.inboundId),
          )),
      },
    }),
    ...acknowledgementJobs(ctx),
  ];
}

/** A message ready to file: read (parsed, extracted) and its OpenPGP outcome, or why it is quarantined. */
type Opened =
  Extract<ReadMail, { kind: 'quarantine' }> | (Extract<ReadMail, { kind: 'parsed' }> & { pgp: PgpOutcome | undefined });
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
  const read = await readMail(opened.raw, {
    workers: intakeConfig.of(ctx.config).intakeWorkers,
    memoryLimitMb: intakeConfig.of(ctx.config).intakeReadMemoryMb,
    timeLimitMs: intakeConfig.of(ctx.config).intakeReadTimeoutMs,
    wordKeys: dialectOf(ctx.db).searchWordKeys,
  });
  return read.kind === 'parsed' ? { ...read, pgp: opened.pgp } : read;
}

/** What became of a stored message: its final status, report and reason. */
interface Outcome {
  status: 'processed' | 'duplicate' | 'quarantined';
  reportId: string | null;
  reason: string | null;
}

/**
 * Files opened messages, in order, inside `db` (a transaction): quarantine; fold into an earlier
 * report (the same bytes or Message-ID, stored before or earlier in this batch); or file new
 * reports — all of them in one `fileReports` — and queue their acknowledgements.
 */
async function fileInbound(
  ctx: AppContext,
  db: Db,
  mails: readonly InboundMailRow[],
  opened: readonly Opened[],
): Promise<Outcome[]> {
  const workspaceId = mails[0]?.workspace_id ?? '';
  const parsedMessageIds = opened.flatMap((o) =>
    o.kind === 'parsed' && o.parsed.messageId ? [o.parsed.messageId] : [],
  );
  const earlier = await findEarlierReports(
    db,
    workspaceId,
    mails.map((m) => m.raw_sha256),
    parsedMessageIds,
  );
  const outcomes: Outcome[] = [];
  const toFile: { index: number; opened: Extract<Opened, { kind: 'parsed' }> }[] = [];
  const firstOfSha256 = new Map<string, number>();
  const firstOfMessageId = new Map<string, number>();
  const duplicateOf = new Map<number, number>(); // index → index of the batch's first copy
  for (const [index, mail] of mails.entries()) {
    const message = opened[index]!;
    if (message.kind === 'quarantine') {
      outcomes.push({ status: 'quarantined', reportId: null, reason: message.reason });
      continue;
    }
    // The very same bytes again (an IMAP message re-read after a crash, a re-import), even
    // without a Message-ID, or the same message twice (IMAP re-delivery) fold into the first report.
    const messageId = message.parsed.messageId;
    const sameBytes = earlier.bySha256.get(mail.raw_sha256);
    const sameId = messageId ? earlier.byMessageId.get(messageId) : undefined;
    if (sameBytes || sameId) {
      outcomes.push({
        status: 'duplicate',
        reportId: (sameBytes ?? sameId)!,
        reason: sameBytes ? 'same raw message' : 'duplicate message-id',
      });
      continue;
    }
    const first = firstOfSha256.get(mail.raw_sha256) ?? (messageId ? firstOfMessageId.get(messageId) : undefined);
    if (first !== undefined) {
      duplicateOf.set(index, first);
      outcomes.push({
        status: 'duplicate',
        reportId: null,
        reason: firstOfSha256.has(mail.raw_sha256) ? 'same raw message' : 'duplicate message-id',
      });
      continue;
    }
    firstOfSha256.set(mail.raw_sha256, index);
    if (messageId) firstOfMessageId.set(messageId, index);
    toFile.push({ index, opened: message });
    outcomes.push({ status: 'processed', reportId: null, reason: null });
  }

  const attachmentHashes = await putBlobs(
    db,
    toFile.flatMap(({ opened }) => opened.parsed.attachments.map((a) => a.content)),
  );
  let nextHash = 0;
  const inputs = toFile.map(
    ({ index, opened: { parsed, pgp, extracted, bodyWords, bodyWordKeys } }): FileReportInput => {
      const mail = mails[index]!;
      return {
        workspaceId: mail.workspace_id,
        channel: 'email',
        tlp: 'AMBER',
        subject: parsed.subject,
        body: parsed.text,
        bodyWords,
        ...(bodyWordKeys ? { bodyWordKeys } : {}),
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
        attachments: parsed.attachments.map((a) => ({
          sha256: attachmentHashes[nextHash++]!,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
        })),
      };
    },
  );
  const filed = await fileReports(db, inputs);
  toFile.forEach(({ index }, position) => (outcomes[index]!.reportId = filed[position]!.reportId));
  for (const [index, first] of duplicateOf) outcomes[index]!.reportId = outcomes[first]!.reportId;

  const quarantined = mails.flatMap((mail, index) =>
    outcomes[index]!.status === 'quarantined' ? [{ mail, reason: outcomes[index]!.reason }] : [],
  );
  await recordAudit(
    db,
    ...quarantined.map(({ mail, reason }) => ({
      actorId: null,
      action: 'inbound-mail.quarantine',
      objectType: 'inbound_mail',
      objectId: mail.id,
      workspaceId: mail.workspace_id,
      detail: { reason },
    })),
  );
  // RFC 3834: no acknowledgement to auto-replies, bulk mail or mailer-daemons.
  const acknowledged = toFile.flatMap(({ opened }, position) =>
    opened.parsed.isAutomated ? [] : [filed[position]!.reportId],
  );
  await ctx.jobs.enqueueMany(
    sendAcknowledgementJob,
    acknowledged.map((reportId) => ({ payload: { reportId }, idempotencyKey: reportId })),
    { trx: db },
  );
  return outcomes;
}

/** The stored message's row once filed (a `duplicate` is `processed`, with the reason it folded). */
function settled(mail: InboundMailRow, outcome: Outcome): InboundMailRow {
  return {
    ...mail,
    status: outcome.status === 'duplicate' ? 'processed' : outcome.status,
    report_id: outcome.reportId,
    reason: outcome.reason,
    updated_at: nowIso(),
  };
}

export async function processInboundMail(ctx: AppContext, inboundId: string): Promise<ProcessResult> {
  return (await processInboundMails(ctx, [inboundId]))[0]!;
}

/**
 * Files stored messages (the `intake.process-mail` jobs that are due together: a burst of mail
 * is filed as one batch, like a bulk import). Messages no longer `received` are left as they are.
 */
export async function processInboundMails(ctx: AppContext, inboundIds: readonly string[]): Promise<ProcessResult[]> {
  const ids = [...new Set(inboundIds)];
  const rows = await repository.findInboundMails(ctx.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // In the order they arrived: filing order decides which report opens an incident.
  const waiting = rows
    .filter((row) => row.status === 'received')
    .sort((a, b) =>
      a.received_at === b.received_at ? (a.id < b.id ? -1 : 1) : a.received_at < b.received_at ? -1 : 1,
    );
  const raws = await getBlobs(
    ctx.db,
    waiting.map((mail) => mail.raw_sha256),
  );
  const opened = await Promise.all(
    waiting.map((mail): Promise<Opened> => {
      const raw = raws.get(mail.raw_sha256);
      return raw
        ? openAndParse(ctx, mail.workspace_id, raw)
        : Promise.resolve({ kind: 'quarantine', reason: 'raw message missing' });
    }),
  );
  const results = new Map<string, ProcessResult>();
  for (const workspaceId of new Set(waiting.map((mail) => mail.workspace_id))) {
    const indexes = waiting.flatMap((mail, index) => (mail.workspace_id === workspaceId ? [index] : []));
    const mails = indexes.map((index) => waiting[index]!);
    const file = async (trx: Db) => {
      const outcomes = await fileInbound(
        ctx,
        trx,
        mails,
        indexes.map((index) => opened[index]!),
      );
      await repository.settleInboundMails(
        trx,
        mails.map((mail, index) => settled(mail, outcomes[index]!)),
      );
      return outcomes;
    };
    let outcomes;
    try {
      outcomes = await ctx.db.transaction().execute(file);
    } catch (error) {
      // The same message was filed by a concurrent job a moment ago: file again, which folds it
      // into that report now that it is committed.
      if (!isUniqueViolation(error)) throw error;
      outcomes = await ctx.db.transaction().execute(file);
    }
    mails.forEach((mail, index) =>
      results.set(mail.id, {
        status: outcomes[index]!.status,
        ...(outcomes[index]!.reportId ? { reportId: outcomes[index]!.reportId } : {}),
      }),
    );
  }
  if (waiting.length > 1) await refreshFilingStatistics(ctx.db);
  return inboundIds.map((id) => results.get(id) ?? { status: byId.get(id)?.status ?? 'missing' });
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
      messages.slice(start, start + batchSize).map((raw): Promise<Opened> =>
        raw.length > intakeConfig.of(ctx.config).smtpMaxBytes
          ? Promise.resolve({
              kind: 'quarantine',
              reason: `larger than ${intakeConfig.of(ctx.config).smtpMaxBytes} bytes`,
            })
          : openAndParse(ctx, workspaceId, raw),
      ),
    );
  let reading = open(0);
  for (let start = 0; start < messages.length; start += batchSize) {
    const batch = messages.slice(start, start + batchSize);
    const opened = await reading;
    if (start + batchSize < messages.length) reading = open(start + batchSize);
    const results = await ctx.db.transaction().execute(async (trx) => {
      const hashes = await putBlobs(trx, batch);
      const mails = batch.map((raw, index) =>
        newInboundMail(workspaceId, hashes[index]!, raw.length, { source: options.source ?? 'import' }),
      );
      const outcomes = await fileInbound(ctx, trx, mails, opened);
      await repository.insertInboundMails(
        trx,
        mails.map((mail, i) => settled(mail, outcomes[i]!)),
      );
      return outcomes;
    });
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    await refreshFilingStatistics(ctx.db);
    options.onProgress?.(Math.min(messages.length, start + batch.length), messages.length);
  }
  return counts;
}

export async function listQuarantine(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.write');
  return repository.listQuarantined(ctx.db, workspaceId);
}

async function loadQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<InboundMailRow> {
  const mail = await repository.findInboundMail(ctx.db, id);
  if (!mail || mail.status !== 'quarantined' || !actor.memberships.has(mail.workspace_id))
    throw new AppError('NOT_FOUND', 'Quarantined message not found');
  assertPermission(actor, mail.workspace_id, 'content.write');
  return mail;
}

/** Releases a quarantined message for processing again (e.g. after a parser fix). */
export async function releaseQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setInboundMailStatus(trx, id, { status: 'received', reason: null, updated_at: nowIso() });
    await ctx.jobs.enqueue(processMailJob, { inboundId: id }, { idempotencyKey: `${id}:release:${nowIso()}`, trx });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'inbound-mail.release',
      objectType: 'inbound_mail',
      objectId: id,
      workspaceId: mail.workspace_id,
    });
  });
}

/** Deletes a quarantined message from the list; its raw bytes stay (evidence is never destroyed silently). */
export async function deleteQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setInboundMailStatus(trx, id, { status: 'deleted', updated_at: nowIso() });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'inbound-mail.delete',
      objectType: 'inbound_mail',
      objectId: id,
      workspaceId: mail.workspace_id,
    });
  });
}
