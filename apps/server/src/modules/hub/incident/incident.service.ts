/**
 * Incidents and their reports: filing a report (extract observables, thread, correlate, store,
 * index — one transaction), triage, the handler's queue and the incident page.
 *
 * Counting as a national CSIRT publishes: every report is a report; several reports folded into
 * one incident count once as an incident; coordinations are counted by the coordination module.
 * @module
 */
import {
  INCIDENT_STATUSES,
  QUEUE_OPEN_STATUSES,
  RESPONSE_SLA_MINUTES,
  STATUS_TRANSITIONS,
  isTlpWithin,
  maxTlp,
  nationalCategory,
  type IncidentDetail,
  type IncidentStatus,
  type IncidentSummary,
  type NationalCategory,
  type PgpOutcomeDto,
  type Priority,
  type QueueState,
  type ReportChannel,
  type ReportDto,
  type RsitType,
  type Tlp,
  type UpdateIncidentInput,
} from '@renkei/contracts';
import {
  AppError,
  accessRepository,
  authRepository,
  assertCanLabel,
  getBlob,
  assertPermission,
  findSearchDocument,
  indexSearchDocument,
  nowIso,
  readableTlps,
  recordAudit,
  searchReadable,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import {
  canSeeReporter,
  loadReadable,
  loadReadableIncident,
  loadWritableIncident,
  recordAccess,
} from './incident-access.js';
import * as repository from './incident.repository.js';
import { listEntries, recordEvent } from './timeline.service.js';
import type { IncidentRow, ReportRow } from './incident.table.js';
import { fileReports, type FileReportInput, type FiledReport } from './filing.js';
import { suggestTriage } from './triage-rules.js';
import { incidentObservables } from './observable-curation.service.js';
import { extractObservables, refang } from '@renkei/observables';

/** Files one report into its incident (existing by thread or correlation, or new). One transaction. */
export async function fileReport(ctx: AppContext, input: FileReportInput, trx?: Db): Promise<FiledReport> {
  const file = async (db: Db) => (await fileReports(db, [input]))[0]!;
  return trx ? file(trx) : ctx.db.transaction().execute(file);
}

function toSummary(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    trackingNumber: row.tracking_number,
    title: row.title,
    status: row.status,
    priority: row.priority as Priority,
    category: row.category as NationalCategory,
    rsitType: row.rsit_type as RsitType | null,
    sector: row.sector as IncidentSummary['sector'],
    isIcs: row.is_ics === 1,
    isTargeted: row.is_targeted === 1,
    tlp: row.tlp,
    assigneeId: row.assignee_id,
    tags: JSON.parse(row.tags) as string[],
    reportCount: row.report_count,
    responseDueAt: row.response_due_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toReportDto(row: ReportRow, canSeeReporter: boolean, attachments: ReportDto['attachments'] = []): ReportDto {
  return {
    attachments,
    id: row.id,
    incidentId: row.incident_id,
    channel: row.channel as ReportChannel,
    tlp: row.tlp,
    subject: row.subject,
    body: row.body,
    reporterName: canSeeReporter ? row.reporter_name : null,
    reporterEmail: canSeeReporter ? row.reporter_email : null,
    reporterOrganization: canSeeReporter ? row.reporter_organization : null,
    isReporterHidden: !canSeeReporter,
    messageId: row.message_id,
    pgp: row.pgp_status ? (JSON.parse(row.pgp_status) as PgpOutcomeDto) : null,
    receivedAt: row.received_at,
  };
}

export async function getIncident(ctx: AppContext, actor: Actor, id: string): Promise<IncidentDetail> {
  const row = await loadReadableIncident(ctx.db, actor, id);
  const visible = new Set(readableTlps(actor, row.workspace_id));
  const mayRevealReporter = canSeeReporter(actor, row.workspace_id);
  const reports = (await repository.listReports(ctx.db, id)).filter((r) => visible.has(r.tlp));
  await recordAccess(
    ctx.db,
    actor,
    reports.map((r) => ({ type: 'report', id: r.id, workspaceId: r.workspace_id })),
    'read',
  );
  const attachmentRows = await repository.listAttachmentsOfReports(
    ctx.db,
    reports.map((r) => r.id),
  );
  const observables = await incidentObservables(ctx, row.workspace_id, id);
  const related = (await repository.listRelatedIncidents(ctx.db, id)).filter(
    (r) => r.workspace_id === row.workspace_id && visible.has(r.tlp),
  );
  const suggestion = suggestTriage(reports.map((r) => `${r.subject}\n${r.body}`).join('\n'));
  return {
    ...toSummary(row),
    reports: reports.map((r) =>
      toReportDto(
        r,
        mayRevealReporter,
        attachmentRows
          .filter((a) => a.report_id === r.id)
          .map((a) => ({
            id: a.id,
            filename: a.filename,
            contentType: a.content_type,
            size: a.size,
            sha256: a.sha256,
          })),
      ),
    ),
    observables,
    related: related.map((r) => ({ id: r.id, trackingNumber: r.tracking_number, title: r.title, reason: r.reason })),
    suggestedCategory: nationalCategory(suggestion),
    entries: await listEntries(ctx.db, actor, row),
    mergedIntoId: row.merged_into_id,
  };
}

/**
 * The stored forms an observable filter may mean: as typed, refanged (the UI shows indicators
 * defanged, and handlers paste them so), and normalised as intake stores it.
 */
function observableForms(typed: string): string[] {
  const trimmed = typed.trim();
  const refanged = refang(trimmed);
  return [...new Set([trimmed, refanged, ...extractObservables(refanged).map((o) => o.value)])];
}

export interface ListIncidentsQuery {
  status?: IncidentStatus | undefined;
  state?: QueueState | undefined;
  category?: string | undefined;
  tlp?: Tlp | undefined;
  assigneeId?: string | undefined;
  observable?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  dueBefore?: string | undefined;
  sort: 'updated' | 'created' | 'priority';
  limit: number;
  offset: number;
  after?: string | undefined;
}

/** A page of the queue: its rows, how many match in all, and the cursor of the next page. */
export interface IncidentPage {
  rows: IncidentSummary[];
  total: number;
  nextCursor: string | null;
}

const encodeCursor = (cursor: repository.IncidentCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(text: string): repository.IncidentCursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as repository.IncidentCursor;
    if (typeof cursor.at === 'string' && typeof cursor.id === 'string') return cursor;
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this queue gave');
}

export async function listIncidents(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  query: ListIncidentsQuery,
): Promise<IncidentPage> {
  assertPermission(actor, workspaceId, 'content.read');
  let incidentIds: string[] | undefined;
  if (query.q) {
    // Full-text over incidents, their reports, notes and messages, then the structured filters.
    const hits = await searchReadable(ctx, actor, query.q, {
      workspaceId,
      objectTypes: ['incident', 'report', 'incident_entry'],
      limit: 500,
      snippets: false,
    });
    const idsOf = (type: string) => hits.filter((h) => h.objectType === type).map((h) => h.objectId);
    const reportIds = idsOf('report');
    const entryIds = idsOf('incident_entry');
    incidentIds = [
      ...new Set([...idsOf('incident'), ...(await repository.incidentIdsOf(ctx.db, reportIds, entryIds))]),
    ];
  }
  const state = query.state ?? 'open';
  const filter: repository.IncidentFilter = {
    workspaceId,
    readableTlps: readableTlps(actor, workspaceId),
    status:
      query.status ??
      (state === 'open'
        ? QUEUE_OPEN_STATUSES
        : state === 'done'
          ? INCIDENT_STATUSES.filter((status) => !QUEUE_OPEN_STATUSES.includes(status))
          : undefined),
    category: query.category,
    tlp: query.tlp,
    assigneeId: query.assigneeId === 'me' ? actor.userId : query.assigneeId === 'none' ? null : query.assigneeId,
    observable: query.observable === undefined ? undefined : observableForms(query.observable),
    incidentIds,
    from: query.from,
    to: query.to,
    dueBefore: query.dueBefore,
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
    after: query.after ? decodeCursor(query.after) : undefined,
  };
  const rows = await repository.listIncidents(ctx.db, filter);
  const total = await repository.countIncidents(ctx.db, filter);
  // Who reported is need-to-know, as on the incident page.
  const reporters = canSeeReporter(actor, workspaceId)
    ? await repository.firstReporters(
        ctx.db,
        rows.map((row) => row.id),
      )
    : undefined;
  const last = rows.at(-1);
  return {
    rows: rows.map((row) => {
      const reporter = reporters?.get(row.id);
      return {
        ...toSummary(row),
        ...(reporters ? { reporter: reporter ? (reporter.name ?? reporter.email) : null } : {}),
      };
    }),
    total,
    nextCursor: last && rows.length === query.limit ? encodeCursor(repository.cursorOf(last, query.sort)) : null,
  };
}

export async function updateIncident(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateIncidentInput,
): Promise<IncidentSummary> {
  const before = await loadWritableIncident(ctx.db, actor, id);
  if (input.tlp) {
    assertCanLabel(actor, before.workspace_id, input.tlp);
    // What a reader sees of an incident (title, observables, counts, search hits, related links)
    // comes from its reports: it is never labelled below them (decision 0014).
    const highest = (await repository.listReports(ctx.db, id)).reduce<Tlp>((top, r) => maxTlp(top, r.tlp), 'CLEAR');
    if (!isTlpWithin(highest, input.tlp))
      throw new AppError(
        'INCIDENT_LABEL_BELOW_REPORTS',
        `The incident holds a report labelled TLP:${highest}: it cannot be labelled TLP:${input.tlp}`,
      );
  }
  if (input.status && input.status !== before.status && !STATUS_TRANSITIONS[before.status].includes(input.status)) {
    throw new AppError('INCIDENT_INVALID_TRANSITION', `An incident cannot go from ${before.status} to ${input.status}`);
  }
  if (input.assigneeId) {
    const assignee = await accessRepository.findMembership(ctx.db, before.workspace_id, input.assigneeId);
    if (!assignee)
      throw new AppError('VALIDATION_FAILED', 'The assignee is not a member of this workspace', [
        { path: 'body.assigneeId', message: 'not a member' },
      ]);
  }
  const rsitType = input.rsitType !== undefined ? input.rsitType : (before.rsit_type as RsitType | null);
  const isIcs = input.isIcs ?? before.is_ics === 1;
  const isTargeted = input.isTargeted ?? before.is_targeted === 1;
  const priority = input.priority ?? (before.priority as Priority);
  const after: IncidentRow = {
    ...before,
    title: input.title ?? before.title,
    status: input.status ?? before.status,
    priority,
    rsit_type: rsitType,
    sector: input.sector !== undefined ? input.sector : before.sector,
    is_ics: isIcs ? 1 : 0,
    is_targeted: isTargeted ? 1 : 0,
    category: nationalCategory({ rsitType, isIcs, isTargeted }),
    tlp: input.tlp ?? before.tlp,
    assignee_id: input.assigneeId !== undefined ? input.assigneeId : before.assignee_id,
    tags: input.tags ? JSON.stringify([...new Set(input.tags)]) : before.tags,
    response_due_at:
      input.priority && input.priority !== before.priority
        ? nowIso(new Date(Date.parse(before.created_at) + RESPONSE_SLA_MINUTES[input.priority] * 60_000))
        : before.response_due_at,
    updated_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const { id: _unchangedId, ...changes } = after; // eslint-disable-line @typescript-eslint/no-unused-vars -- the id is the key, not a change
    await repository.updateIncident(trx, id, changes);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.update',
      objectType: 'incident',
      objectId: id,
      workspaceId: before.workspace_id,
      before,
      after,
    });
    if (after.status !== before.status)
      await recordEvent(trx, after, actor.userId, `status: ${before.status} → ${after.status}`);
    if (after.assignee_id !== before.assignee_id)
      await recordEvent(
        trx,
        after,
        actor.userId,
        `assignee: ${await usernameOf(trx, before.assignee_id)} → ${await usernameOf(trx, after.assignee_id)}`,
      );
    const indexed = await findSearchDocument(trx, 'incident', id);
    await indexSearchDocument(trx, {
      objectType: 'incident',
      objectId: id,
      workspaceId: after.workspace_id,
      tlp: after.tlp,
      title: `${after.tracking_number} ${after.title}`,
      body: indexed?.body ?? '',
      updatedAt: after.updated_at,
    });
  });
  return toSummary(after);
}

async function usernameOf(db: Db, userId: string | null): Promise<string> {
  if (!userId) return '—';
  return (await authRepository.findUserById(db, userId))?.username ?? userId;
}

/**
 * A report the actor may read. The raw message names the reporter, so it is need-to-know:
 * roles that see reporters hidden get 403 for it.
 */
export async function assertReportReadable(
  ctx: AppContext,
  actor: Actor,
  reportId: string,
  options: { revealsReporter: boolean },
): Promise<ReportRow> {
  const report = await loadReadable(
    ctx.db,
    actor,
    await repository.findReport(ctx.db, reportId),
    (r) => ({ type: 'report', id: r.id, workspaceId: r.workspace_id, tlp: r.tlp }),
    () => new AppError('NOT_FOUND', 'Report not found'),
  );
  if (options.revealsReporter && !canSeeReporter(actor, report.workspace_id)) {
    await recordAccess(
      ctx.db,
      actor,
      [{ type: 'report', id: report.id, workspaceId: report.workspace_id }],
      'read-denied',
    );
    throw new AppError('FORBIDDEN', 'The original message reveals the reporter; your role may not see it');
  }
  if (options.revealsReporter)
    await recordAccess(
      ctx.db,
      actor,
      [{ type: 'report', id: report.id, workspaceId: report.workspace_id }],
      'read-original',
    );
  return report;
}

/** An attachment's bytes, for a reader who may see its report. */
export async function getAttachment(ctx: AppContext, actor: Actor, attachmentId: string) {
  const attachment = await loadReadable(
    ctx.db,
    actor,
    await repository.findAttachment(ctx.db, attachmentId),
    (a) => ({ type: 'attachment', id: attachmentId, workspaceId: a.workspace_id, tlp: a.tlp }),
    () => new AppError('NOT_FOUND', 'Attachment not found'),
  );
  const content = await getBlob(ctx.db, attachment.sha256);
  if (!content) throw new AppError('NOT_FOUND', 'Attachment content missing');
  await recordAccess(
    ctx.db,
    actor,
    [{ type: 'attachment', id: attachmentId, workspaceId: attachment.workspace_id }],
    'download',
  );
  return { content, filename: attachment.filename, contentType: attachment.content_type, sha256: attachment.sha256 };
}
