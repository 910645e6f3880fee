/**
 * Filing stored mail: OpenPGP (keyring), then parsing, checks and extraction in the parse
 * workers, then filing into incidents (hub/incident's fileReports) in one transaction per batch
 * — quarantine, fold into an earlier report, or new reports and their acknowledgements. Used by
 * the `intake.process-mail` job (a burst is one batch) and by bulk import.
 * @module
 */
import {
  dialectOf,
  getBlobs,
  isUniqueViolation,
  nowIso,
  putBlobs,
  recordAudit,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { fileReports, findEarlierReports, refreshFilingStatistics, type FileReportInput } from '../incident/index.js';
import { openReportMail, PgpMailError, type PgpOutcome } from '../keyring/index.js';
import { recordBounces } from '../correspondence/index.js';
import { sendAcknowledgementJob } from './acknowledgement.js';
import { intakeWorkspaceId, newInboundMail, type MailSource } from './inbound-mail.js';
import { intakeConfig } from './intake.config.js';
import * as repository from './intake.repository.js';
import type { InboundMailRow } from './intake.table.js';
import { readMail } from './mail-reader.js';
import type { ReadMail } from './mail-reading.js';

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
  const { intakeWorkers, intakeReadMemoryMb, intakeReadTimeoutMs } = intakeConfig.of(ctx.config);
  const read = await readMail(opened.raw, {
    workers: intakeWorkers,
    memoryLimitMb: intakeReadMemoryMb,
    timeLimitMs: intakeReadTimeoutMs,
    wordKeys: dialectOf(ctx.db).searchWordKeys,
  });
  return read.kind === 'parsed' ? { ...read, pgp: opened.pgp } : read;
}

/**
 * What makes two messages the same report: subject and text, white space aside. Phishers reuse
 * and forge Message-IDs, so a shared Message-ID folds a message only when this matches too.
 */
function canonicalContent(subject: string, body: string): string {
  return `${subject.replace(/\s+/gu, ' ').trim()}\n${body.replace(/\s+/gu, ' ').trim()}`;
}

/** What became of a stored message: its final status, report and reason. */
interface Outcome {
  status: 'processed' | 'duplicate' | 'quarantined';
  reportId: string | null;
  reason: string | null;
}

/**
 * Files opened messages, in order, inside `db` (a transaction): quarantine; fold into an earlier
 * report (the same bytes, or the same Message-ID with the same content, stored before or earlier
 * in this batch); or file new
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
  // Per Message-ID, the batch's first copy of each distinct content.
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
    const content = canonicalContent(message.parsed.subject, message.parsed.text);
    const sameBytes = earlier.bySha256.get(mail.raw_sha256);
    // Same Message-ID counts only with the same content: a reused or forged one is its own report.
    const sameId = messageId
      ? earlier.byMessageId.get(messageId)?.find((report) => canonicalContent(report.subject, report.body) === content)
          ?.id
      : undefined;
    if (sameBytes || sameId) {
      outcomes.push({
        status: 'duplicate',
        reportId: (sameBytes ?? sameId)!,
        reason: sameBytes ? 'same raw message' : 'duplicate message-id',
      });
      continue;
    }
    const first =
      firstOfSha256.get(mail.raw_sha256) ?? (messageId ? firstOfMessageId.get(`${messageId}\n${content}`) : undefined);
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
    if (messageId) firstOfMessageId.set(`${messageId}\n${content}`, index);
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
        // A bounce of one of our messages threads into the incident that sent it.
        replyTo: parsed.deliveryReport?.originalMessageId
          ? [...new Set([...parsed.inReplyTo, parsed.deliveryReport.originalMessageId])]
          : parsed.inReplyTo,
        ...(parsed.deliveryReport ? { isDeliveryReport: true } : {}),
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
  // Bounces of our messages are recorded for the message and the party's record.
  for (const [position, { index, opened }] of toFile.entries()) {
    const report = opened.parsed.deliveryReport;
    if (report?.originalMessageId)
      await recordBounces(db, workspaceId, {
        messageId: report.originalMessageId,
        reportId: filed[position]!.reportId,
        receivedAt: mails[index]!.received_at,
        recipients: report.recipients,
      });
  }
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
 * one WAL write per batch instead of per message. Messages may come as they are read (an
 * iterable, e.g. an mbox streamed from disk): a batch is at most `batchSize` messages and, past
 * its first, `batchBytes` of raw mail, so memory holds two batches whatever the mailbox's size.
 */
export async function importMail(
  ctx: AppContext,
  messages: Iterable<Buffer> | AsyncIterable<Buffer>,
  options: {
    source?: MailSource;
    batchSize?: number;
    batchBytes?: number;
    /** Messages filed so far, and how many there are when `messages` is an array. */
    onProgress?: (done: number, total: number | undefined) => void;
  } = {},
): Promise<Record<string, number>> {
  const workspaceId = await intakeWorkspaceId(ctx);
  const batchSize = options.batchSize ?? 200;
  const batchBytes = options.batchBytes ?? 32 * 1024 * 1024;
  const total = Array.isArray(messages) ? messages.length : undefined;
  const { smtpMaxBytes } = intakeConfig.of(ctx.config);
  const counts: Record<string, number> = {};
  const source: AsyncIterator<Buffer> | Iterator<Buffer> =
    Symbol.asyncIterator in messages ? messages[Symbol.asyncIterator]() : messages[Symbol.iterator]();
  const nextBatch = async (): Promise<Buffer[]> => {
    const batch: Buffer[] = [];
    let bytes = 0;
    while (batch.length < batchSize && bytes < batchBytes) {
      const next = await source.next();
      if (next.done) break;
      batch.push(next.value);
      bytes += next.value.length;
    }
    return batch;
  };
  const read = async () => {
    const batch = await nextBatch();
    const opened = await Promise.all(
      batch.map((raw): Promise<Opened> =>
        raw.length > smtpMaxBytes
          ? Promise.resolve({ kind: 'quarantine', reason: `larger than ${smtpMaxBytes} bytes` })
          : openAndParse(ctx, workspaceId, raw),
      ),
    );
    return { batch, opened };
  };
  let done = 0;
  let reading = read();
  for (;;) {
    const { batch, opened } = await reading;
    if (batch.length === 0) break;
    reading = read();
    // Awaited on the next turn; if filing this batch fails first, its failure is not unhandled.
    reading.catch(() => undefined);
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
    done += batch.length;
    options.onProgress?.(done, total);
  }
  return counts;
}
