/**
 * The incident timeline besides reports: handlers' notes, messages they send from the incident
 * (replies to reporters, requests to providers), and recorded state changes. Each entry carries
 * its own TLP label and is shown only to readers cleared for it. Messages go out through
 * hub/correspondence (stored, sent by a job, delivery tracked there), with the tracking tag in the
 * subject and correspondence's Message-ID, by which replies are claimed for this incident.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { CreateNoteInput, SendMessageInput, TimelineEntry } from '@renkei/contracts';
import {
  AppError,
  authRepository,
  assertCanLabel,
  indexSearchDocument,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { deliveryStatuses, queueMessage, type DeliveryStatus } from '../correspondence/index.js';
import { loadWritableIncident } from './incident-access.js';
import * as repository from './incident.repository.js';
import type { IncidentEntryRow, IncidentRow } from './incident.table.js';

function toEntry(
  row: IncidentEntryRow & { author_name?: string | null },
  delivery: DeliveryStatus | null = null,
): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind as TimelineEntry['kind'],
    tlp: row.tlp,
    authorId: row.author_id,
    authorName: row.author_name ?? null,
    subject: row.subject,
    body: row.body,
    recipients: row.recipients ? (JSON.parse(row.recipients) as string[]) : [],
    delivery,
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
  const deliveries = await deliveryStatuses(
    db,
    incident.workspace_id,
    rows.flatMap((row) => (row.kind === 'message' && row.message_id ? [row.message_id] : [])),
  );
  return rows.map((row) =>
    toEntry(
      { ...row, author_name: row.author_id ? (names.get(row.author_id) ?? null) : null },
      row.message_id ? (deliveries.get(row.message_id) ?? null) : null,
    ),
  );
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

/** Queues a message from the incident; it is sent by a job and its delivery shown on the timeline. */
export async function sendMessage(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: SendMessageInput,
): Promise<TimelineEntry> {
  const incident = await loadWritableIncident(ctx.db, actor, incidentId);
  assertCanLabel(actor, incident.workspace_id, input.tlp);
  let answered: string | null = null;
  if (input.inReplyToReportId) {
    const report = await repository.findReport(ctx.db, input.inReplyToReportId);
    if (report?.incident_id !== incidentId)
      throw new AppError('VALIDATION_FAILED', 'The report answered is not part of this incident', [
        { path: 'body.inReplyToReportId', message: 'not in this incident' },
      ]);
    answered = report.message_id;
  }
  const id = randomUUID();
  const tag = `[${incident.tracking_number}]`;
  const subject = input.subject.includes(tag) ? input.subject : `${tag} ${input.subject}`;
  // The timeline shows the message; correspondence stores, sends and tracks it.
  const row = await ctx.db.transaction().execute(async (trx) => {
    const queued = await queueMessage(ctx, trx, {
      workspaceId: incident.workspace_id,
      owner: { type: 'incident', id: incidentId },
      purpose: 'message',
      tlp: input.tlp,
      to: input.to,
      subject,
      body: input.body,
      inReplyTo: answered,
      createdBy: actor.userId,
      idempotencyKey: `incident-entry:${id}`,
    });
    const entry: IncidentEntryRow = {
      id,
      incident_id: incidentId,
      workspace_id: incident.workspace_id,
      kind: 'message',
      tlp: input.tlp,
      author_id: actor.userId,
      subject,
      body: input.body,
      recipients: JSON.stringify(input.to),
      message_id: queued.messageId,
      delivery: null,
      created_at: nowIso(),
    };
    await repository.insertEntry(trx, entry);
    await indexEntry(trx, incident, entry);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.message',
      objectType: 'incident',
      objectId: incidentId,
      workspaceId: incident.workspace_id,
      detail: { entryId: id, to: input.to, tlp: input.tlp },
    });
    return entry;
  });
  return toEntry(row, 'queued');
}
