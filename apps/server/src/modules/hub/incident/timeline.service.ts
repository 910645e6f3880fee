/**
 * The incident timeline besides reports: handlers' notes, messages they send from the incident
 * (replies to reporters, requests to providers), and recorded state changes. Each entry carries
 * its own TLP label and is shown only to readers cleared for it. Messages go out as a job
 * through the relay, with the tracking tag in the subject and a Message-ID that replies thread by.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { CreateNoteInput, SendMessageInput, TimelineEntry } from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  authRepository,
  assertCanLabel,
  defineJob,
  indexSearchDocument,
  nowIso,
  readableTlps,
  recordAudit,
  sendThroughRelay,
  type Actor,
  type AppContext,
  type Db,
  type JobSpec,
} from '../../../platform/index.js';
import { loadWritableIncident } from './incident-access.js';
import * as repository from './incident.repository.js';
import type { IncidentEntryRow, IncidentRow } from './incident.table.js';

function toEntry(row: IncidentEntryRow & { author_name?: string | null }): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind as TimelineEntry['kind'],
    tlp: row.tlp,
    authorId: row.author_id,
    authorName: row.author_name ?? null,
    subject: row.subject,
    body: row.body,
    recipients: row.recipients ? (JSON.parse(row.recipients) as string[]) : [],
    delivery: row.delivery as TimelineEntry['delivery'],
    createdAt: row.created_at,
  };
}

/** Entries of an incident the actor may read, oldest first. */
export async function listEntries(db: Db, actor: Actor, incident: IncidentRow): Promise<TimelineEntry[]> {
  const rows = await repository.listEntries(db, incident.id, readableTlps(actor, incident.workspace_id));
  const names = await authRepository.displayNamesOf(
    db,
    rows.flatMap((row) => (row.author_id ? [row.author_id] : [])),
  );
  return rows.map((row) => toEntry({ ...row, author_name: row.author_id ? (names.get(row.author_id) ?? null) : null }));
}

/** Notes and messages are searched with incidents and reports, under their own label. */
function indexEntry(db: Db, incident: IncidentRow, entry: IncidentEntryRow): Promise<void> {
  return indexSearchDocument(db, {
    objectType: 'incident_entry',
    objectId: entry.id,
    workspaceId: entry.workspace_id,
    tlp: entry.tlp,
    title: `${incident.tracking_number} ${entry.subject ?? ''}`.trim(),
    body: entry.body,
    updatedAt: entry.created_at,
  });
}

/** Records a state change (status, merge, split) in the timeline; called inside the change's transaction. */
export async function recordEvent(
  db: Db,
  incident: Pick<IncidentRow, 'id' | 'workspace_id' | 'tlp'>,
  actorId: string | null,
  body: string,
): Promise<void> {
  await repository.insertEntry(db, {
    id: randomUUID(),
    incident_id: incident.id,
    workspace_id: incident.workspace_id,
    kind: 'event',
    tlp: incident.tlp,
    author_id: actorId,
    subject: null,
    body,
    recipients: null,
    message_id: null,
    delivery: null,
    created_at: nowIso(),
  });
}

export async function addNote(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: CreateNoteInput,
): Promise<TimelineEntry> {
  const incident = await loadWritableIncident(ctx.db, actor, incidentId);
  assertCanLabel(actor, incident.workspace_id, input.tlp);
  const row: IncidentEntryRow = {
    id: randomUUID(),
    incident_id: incidentId,
    workspace_id: incident.workspace_id,
    kind: 'note',
    tlp: input.tlp,
    author_id: actor.userId,
    subject: null,
    body: input.body,
    recipients: null,
    message_id: null,
    delivery: null,
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertEntry(trx, row);
    await indexEntry(trx, incident, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.note',
      objectType: 'incident',
      objectId: incidentId,
      workspaceId: incident.workspace_id,
      detail: { entryId: row.id, tlp: input.tlp },
    });
  });
  return toEntry(row);
}

const messagePayload = z.object({ entryId: z.string(), inReplyToReportId: z.string().optional() });
export const sendIncidentMessageJob: JobSpec<z.infer<typeof messagePayload>> = {
  name: 'incident.send-message',
  payload: messagePayload,
  maxAttempts: 8,
  backoffMs: 30_000,
};

/** The domain of our From address, for Message-IDs that are ours. */
function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'renkei.invalid';
}

/** Queues a message from the incident; it is sent by a job and its delivery shown on the timeline. */
export async function sendMessage(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: SendMessageInput,
): Promise<TimelineEntry> {
  const incident = await loadWritableIncident(ctx.db, actor, incidentId);
  assertCanLabel(actor, incident.workspace_id, input.tlp);
  if (!ctx.config.smtpRelayUrl)
    throw new AppError('CONFLICT', 'No outbound relay is configured (RENKEI_SMTP_RELAY_URL)');
  if (input.inReplyToReportId) {
    const report = await repository.findReport(ctx.db, input.inReplyToReportId);
    if (report?.incident_id !== incidentId)
      throw new AppError('VALIDATION_FAILED', 'The report answered is not part of this incident', [
        { path: 'body.inReplyToReportId', message: 'not in this incident' },
      ]);
  }
  const id = randomUUID();
  const tag = `[${incident.tracking_number}]`;
  const row: IncidentEntryRow = {
    id,
    incident_id: incidentId,
    workspace_id: incident.workspace_id,
    kind: 'message',
    tlp: input.tlp,
    author_id: actor.userId,
    subject: input.subject.includes(tag) ? input.subject : `${tag} ${input.subject}`,
    body: input.body,
    recipients: JSON.stringify(input.to),
    message_id: `<${id}@${messageIdDomain(ctx.config.ackFrom)}>`,
    delivery: 'queued',
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertEntry(trx, row);
    await indexEntry(trx, incident, row);
    await ctx.jobs.enqueue(
      sendIncidentMessageJob,
      { entryId: id, ...(input.inReplyToReportId ? { inReplyToReportId: input.inReplyToReportId } : {}) },
      { idempotencyKey: id, trx },
    );
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.message',
      objectType: 'incident',
      objectId: incidentId,
      workspaceId: incident.workspace_id,
      detail: { entryId: id, to: input.to, tlp: input.tlp },
    });
  });
  return toEntry(row);
}

async function deliverMessage(
  ctx: AppContext,
  { entryId, inReplyToReportId: reportId }: z.infer<typeof messagePayload>,
  attempt: { isLast: boolean },
): Promise<{ status: string }> {
  const entry = await repository.findEntry(ctx.db, entryId);
  if (!entry || entry.delivery !== 'queued') return { status: entry?.delivery ?? 'missing' };
  const answered = reportId ? await repository.findReport(ctx.db, reportId) : undefined;
  try {
    await sendThroughRelay(ctx, {
      to: JSON.parse(entry.recipients ?? '[]') as string[],
      subject: entry.subject ?? '',
      text: entry.body,
      messageId: entry.message_id ?? undefined,
      headers: { 'X-Renkei-TLP': `TLP:${entry.tlp}` },
      ...(answered?.message_id ? { inReplyTo: answered.message_id, references: answered.message_id } : {}),
    });
  } catch (error) {
    if (attempt.isLast) await repository.setEntryDelivery(ctx.db, entryId, 'failed');
    throw error;
  }
  await repository.setEntryDelivery(ctx.db, entryId, 'sent');
  return { status: 'sent' };
}

export function timelineJobs(ctx: AppContext) {
  return [
    defineJob({
      ...sendIncidentMessageJob,
      handler: (payload, job) =>
        deliverMessage(ctx, payload, { isLast: job.attempt >= (sendIncidentMessageJob.maxAttempts ?? 1) }),
    }),
  ];
}
