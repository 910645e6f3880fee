/**
 * Outbound mail for every Hub module: a message is stored with its owner (the incident it was
 * sent for) and our own Message-ID in the sender's transaction, then delivered through the relay
 * by a job with retries; its delivery state is kept on the message. Replies are claimed by the
 * owner of the message they answer (`claimReplies`), before filing falls back to the tracking tag.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { OutboundMessageDto, Tlp } from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  assertCanRead,
  assertPermission,
  defineJob,
  getBlobs,
  putBlobs,
  hasPermission,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
  type JobSpec,
} from '../../../platform/index.js';
import { correspondenceConfig } from './correspondence.config.js';
import * as repository from './correspondence.repository.js';
import { sealOutboundMail } from '../keyring/index.js';
import type { DeliveryStatus, MessageProtection, OutboundMessageRow } from './correspondence.table.js';
import { composeMail, sendThroughRelay } from './relay.js';

const deliverPayload = z.object({ messageId: z.string() });
export const deliverMessageJob: JobSpec<z.infer<typeof deliverPayload>> = {
  name: 'correspondence.deliver',
  payload: deliverPayload,
  maxAttempts: 8,
  backoffMs: 30_000,
};

export interface OutboundMessage {
  workspaceId: string;
  /** What it is sent for; replies to it are claimed by this owner. */
  owner: { type: string; id: string };
  purpose: string;
  tlp: Tlp;
  to: readonly string[];
  subject: string;
  body: string;
  /** An HTML alternative of `body` (a message written in Markdown). */
  html?: string | null;
  /** The Message-ID answered, if any (it also opens References). */
  inReplyTo?: string | null | undefined;
  headers?: Readonly<Record<string, string>>;
  createdBy?: string | null;
  /** Queueing again with the same key yields the first message (a retried job must not send twice). */
  idempotencyKey?: string;
  /** Files sent with the message (a feed notification's CSV of events). */
  attachments?: readonly { filename: string; contentType: string; content: Buffer }[];
}

interface StoredAttachment {
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
}

export interface QueuedMessage {
  id: string;
  messageId: string;
  status: DeliveryStatus;
  isNew: boolean;
}

const NO_RELAY = 'no outbound relay is configured (RENKEI_SMTP_RELAY_URL)';

/** Whether a relay is configured: without one nothing can be sent. */
export function canSendMail(ctx: AppContext): boolean {
  return correspondenceConfig.of(ctx.config).smtpRelayUrl !== '';
}

/** The domain of our From address, for Message-IDs that are ours. */
export function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'renkei.invalid';
}

/**
 * Stores a message and queues its delivery, in `db` (the caller's transaction: the message exists
 * only if the change that sends it commits). Without a relay it is stored all the same and its
 * delivery fails with that reason: the outbox shows it, and it can be retried once one is set.
 */
export async function queueMessage(ctx: AppContext, db: Db, message: OutboundMessage): Promise<QueuedMessage> {
  const id = randomUUID();
  let attachments: StoredAttachment[] | null = null;
  if (message.attachments?.length) {
    const hashes = await putBlobs(
      db,
      message.attachments.map((attachment) => attachment.content),
    );
    attachments = message.attachments.map((attachment, index) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      sha256: hashes[index]!,
      size: attachment.content.length,
    }));
  }
  const { row, isNew } = await repository.insertMessage(db, {
    id,
    workspace_id: message.workspaceId,
    owner_type: message.owner.type,
    owner_id: message.owner.id,
    purpose: message.purpose,
    tlp: message.tlp,
    recipients: JSON.stringify(message.to),
    subject: message.subject,
    body: message.body,
    message_id: `<${id}@${messageIdDomain(correspondenceConfig.of(ctx.config).ackFrom)}>`,
    in_reply_to: message.inReplyTo ?? null,
    references_header: message.inReplyTo ?? null,
    headers: JSON.stringify({ 'X-Renkei-TLP': `TLP:${message.tlp}`, ...message.headers }),
    idempotency_key: message.idempotencyKey ?? null,
    status: 'queued',
    last_error: null,
    created_by: message.createdBy ?? null,
    created_at: nowIso(),
    sent_at: null,
    protection: null,
    attachments: attachments ? JSON.stringify(attachments) : null,
    html: message.html ?? null,
  });
  if (isNew) await ctx.jobs.enqueue(deliverMessageJob, { messageId: row.id }, { idempotencyKey: row.id, trx: db });
  return { id: row.id, messageId: row.message_id, status: row.status, isNew };
}

/** Sends a stored message through the relay; on the last failed attempt it is marked failed. */
async function deliver(
  ctx: AppContext,
  id: string,
  attempt: { isLast: boolean },
): Promise<{ status: string; protection?: MessageProtection }> {
  const message = await repository.findMessage(ctx.db, id);
  if (!message || message.status !== 'queued') return { status: message?.status ?? 'missing' };
  if (!canSendMail(ctx)) {
    // Retrying cannot help until an administrator configures a relay: fail now, with the reason.
    await repository.setDelivery(ctx.db, id, { status: 'failed', last_error: NO_RELAY });
    return { status: 'failed' };
  }
  let protection: MessageProtection;
  try {
    const { envelope, raw } = await composeMail(ctx, await toMail(ctx.db, message));
    const sealed = await sealOutboundMail(ctx, message.workspace_id, JSON.parse(message.recipients) as string[], raw);
    protection = sealed.protection;
    await sendThroughRelay(ctx, envelope, sealed.raw);
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    await repository.setDelivery(ctx.db, id, { status: attempt.isLast ? 'failed' : 'queued', last_error: lastError });
    throw error;
  }
  await repository.setDelivery(ctx.db, id, { status: 'sent', last_error: null, sent_at: nowIso(), protection });
  return { status: 'sent', protection };
}

async function toMail(db: Db, message: OutboundMessageRow) {
  const attachments = message.attachments ? (JSON.parse(message.attachments) as StoredAttachment[]) : [];
  const contents = await getBlobs(
    db,
    attachments.map((attachment) => attachment.sha256),
  );
  return {
    ...(attachments.length
      ? {
          attachments: attachments.map((attachment) => ({
            filename: attachment.filename,
            contentType: attachment.contentType,
            content: contents.get(attachment.sha256) ?? Buffer.alloc(0),
          })),
        }
      : {}),
    to: JSON.parse(message.recipients) as string[],
    subject: message.subject,
    text: message.body,
    ...(message.html ? { html: message.html } : {}),
    messageId: message.message_id,
    headers: JSON.parse(message.headers) as Record<string, string>,
    ...(message.in_reply_to ? { inReplyTo: message.in_reply_to } : {}),
    ...(message.references_header ? { references: message.references_header } : {}),
  };
}

/** Delivery state of our messages, by Message-ID (those not ours are absent). */
export async function deliveryStatuses(
  db: Db,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, DeliveryStatus>> {
  const rows = await repository.findByMessageIds(db, workspaceId, [...new Set(messageIds)]);
  return new Map(rows.map((row) => [row.message_id, row.status]));
}

/** How our message with this Message-ID was protected with OpenPGP when it was sent. */
export async function messageProtection(
  db: Db,
  workspaceId: string,
  messageId: string,
): Promise<MessageProtection | null | undefined> {
  return (await repository.findByMessageIds(db, workspaceId, [messageId]))[0]?.protection;
}

/**
 * Which of these Message-IDs (a reply's In-Reply-To and References) are ours, and who owns each:
 * the module that sent a message claims its replies.
 */
export async function claimReplies(
  db: Db,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, { type: string; id: string }>> {
  const rows = await repository.findByMessageIds(db, workspaceId, [...new Set(messageIds)]);
  return new Map(rows.map((row) => [row.message_id, { type: row.owner_type, id: row.owner_id }]));
}

/**
 * Records the reports that answered our messages (filing calls it with each report's
 * In-Reply-To and References): an owner reads who answered what with `repliesTo`.
 */
export async function recordReplies(
  db: Db,
  workspaceId: string,
  replies: readonly { reportId: string; answered: readonly string[]; sender: string | null; receivedAt: string }[],
): Promise<number> {
  const asked = [...new Set(replies.flatMap((reply) => reply.answered))];
  if (asked.length === 0) return 0;
  const ours = new Set((await repository.findByMessageIds(db, workspaceId, asked)).map((row) => row.message_id));
  const rows = replies.flatMap((reply) =>
    reply.answered
      .filter((messageId) => ours.has(messageId))
      .map((messageId) => ({
        message_id: messageId,
        workspace_id: workspaceId,
        report_id: reply.reportId,
        sender: reply.sender,
        received_at: reply.receivedAt,
      })),
  );
  await repository.insertReplies(db, rows);
  return rows.length;
}

/**
 * Records a delivery status notification (bounce) for one of our messages: each recipient it
 * failed or was delayed for. Returns how many recipients were recorded (none when the message
 * is not ours).
 */
export async function recordBounces(
  db: Db,
  workspaceId: string,
  bounce: {
    messageId: string;
    reportId: string;
    receivedAt: string;
    recipients: readonly { recipient: string; action: string; status: string | null; diagnostic: string | null }[];
  },
): Promise<number> {
  const ours = await repository.findByMessageIds(db, workspaceId, [bounce.messageId]);
  if (ours.length === 0) return 0;
  const rows = bounce.recipients
    .filter((recipient) => recipient.action === 'failed' || recipient.action === 'delayed')
    .map((recipient) => ({
      message_id: bounce.messageId,
      workspace_id: workspaceId,
      report_id: bounce.reportId,
      recipient: recipient.recipient.toLowerCase(),
      action: recipient.action,
      status: recipient.status,
      diagnostic: recipient.diagnostic,
      received_at: bounce.receivedAt,
    }));
  await repository.insertBounces(db, rows);
  return rows.length;
}

/** Bounces of these messages of ours, oldest first. */
export function bouncesOf(db: Db, workspaceId: string, messageIds: readonly string[]) {
  return repository.findBounces(db, workspaceId, messageIds);
}

/** The latest bounces of these addresses (a party's record shows them), newest first. */
export function bouncesOfAddresses(db: Db, workspaceId: string, addresses: readonly string[], limit = 20) {
  return repository.findBouncesOfAddresses(
    db,
    workspaceId,
    addresses.map((address) => address.toLowerCase()),
    limit,
  );
}

/** The replies to these messages of ours, oldest first. */
export function repliesTo(db: Db, workspaceId: string, messageIds: readonly string[]) {
  return repository.findReplies(db, workspaceId, messageIds);
}

/** Our messages by id, with their delivery state and protection. */
export function messagesByIds(db: Db, ids: readonly string[]): Promise<OutboundMessageRow[]> {
  return repository.findMessages(db, ids);
}

/** The workspace's outbound messages, newest first: labels within the caller's clearance. */
export async function listOutbox(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  query: { status?: DeliveryStatus | undefined; limit: number },
): Promise<OutboundMessageDto[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listMessages(ctx.db, workspaceId, {
    tlps: readableTlps(actor, workspaceId),
    status: query.status,
    limit: query.limit,
  });
  // Recipients are reporters and partners: need-to-know, as on the incident page.
  const mayReadRecipients = hasPermission(actor, workspaceId, 'reporter.read');
  return rows.map((row) => ({
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    purpose: row.purpose,
    tlp: row.tlp,
    recipients: mayReadRecipients ? (JSON.parse(row.recipients) as string[]) : null,
    subject: row.subject,
    status: row.status,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    protection: row.protection,
  }));
}

/** Queues a failed message again (audited). */
export async function retryMessage(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await repository.findMessage(ctx.db, id);
  assertCanRead(
    actor,
    row && { workspaceId: row.workspace_id, tlp: row.tlp },
    () => new AppError('CORRESPONDENCE_MESSAGE_NOT_FOUND', 'Message not found'),
  );
  assertPermission(actor, row!.workspace_id, 'content.write');
  if (row!.status !== 'failed') throw new AppError('CORRESPONDENCE_NOT_FAILED', 'Only a failed message can be retried');
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setDelivery(trx, id, { status: 'queued', last_error: null });
    await ctx.jobs.enqueue(
      deliverMessageJob,
      { messageId: id },
      { idempotencyKey: `${id}:retry:${randomUUID()}`, trx },
    );
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'outbound-message.retry',
      objectType: 'outbound_message',
      objectId: id,
      workspaceId: row!.workspace_id,
      detail: { lastError: row!.last_error },
    });
  });
}

export function correspondenceJobs(ctx: AppContext) {
  return [
    defineJob({
      ...deliverMessageJob,
      handler: ({ messageId }, job) =>
        deliver(ctx, messageId, { isLast: job.attempt >= (deliverMessageJob.maxAttempts ?? 1) }),
    }),
  ];
}
