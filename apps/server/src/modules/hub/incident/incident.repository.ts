/** Queries on incidents, reports and observables. @module */
import type { IncidentStatus, Tlp } from '@renkei/contracts';
import { sql } from 'kysely';
import type { Db } from '../../../platform/index.js';
import { caseById, nowIso } from '../../../platform/index.js';
import type { IncidentEntryRow, IncidentRow, ObservableRow, ReportRow } from './incident.table.js';

/**
 * Rows per multi-row statement and values per IN list. At most 7 columns × 1,000 = 7,000 bound
 * parameters, well under SQLite's limit (32,766) and PostgreSQL's (65,535). On PostgreSQL each
 * statement costs a round trip and a parse and plan: 1,000 instead of 200 took a 10,000-message
 * import from ~566 to ~595 msg/s (SQLite unchanged).
 */
const ROWS_PER_STATEMENT = 1000;

function chunked<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Reserves `count` numbers of a workspace's yearly sequence atomically (an upsert that increments) and
 * returns the last; the reserved ones are `last - count + 1 … last`.
 */
/** The workspace's tracking-number prefix, if it chose one. */
export async function findTrackingPrefix(db: Db, workspaceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('tracking_prefix')
    .select('prefix')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.prefix;
}

export async function saveTrackingPrefix(db: Db, workspaceId: string, prefix: string, now: string): Promise<void> {
  await db
    .insertInto('tracking_prefix')
    .values({ workspace_id: workspaceId, prefix, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ prefix, updated_at: now }))
    .execute();
}

export async function reserveTrackingValues(
  db: Db,
  workspaceId: string,
  prefix: string,
  year: number,
  count: number,
): Promise<number> {
  const row = await db
    .insertInto('tracking_counter')
    .values({ workspace_id: workspaceId, prefix, year, last_value: count })
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'prefix', 'year'])
        .doUpdateSet((eb) => ({ last_value: eb('tracking_counter.last_value', '+', count) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export function nextTrackingValue(db: Db, workspaceId: string, prefix: string, year: number): Promise<number> {
  return reserveTrackingValues(db, workspaceId, prefix, year, 1);
}

export async function findIncidents(db: Db, ids: readonly string[]): Promise<IncidentRow[]> {
  const rows: IncidentRow[] = [];
  for (const chunk of chunked([...new Set(ids)]))
    rows.push(...(await db.selectFrom('incident').selectAll().where('id', 'in', chunk).execute()));
  return rows;
}

/** Receipt number → the incident of the report it was given for. */
export async function findIncidentsByReceiptNumbers(
  db: Db,
  workspaceId: string,
  receiptNumbers: readonly string[],
): Promise<Map<string, IncidentRow>> {
  const found = new Map<string, IncidentRow>();
  for (const chunk of chunked(receiptNumbers)) {
    const rows = await db
      .selectFrom('report')
      .innerJoin('incident', 'incident.id', 'report.incident_id')
      .selectAll('incident')
      .select('report.receipt_number')
      .where('report.workspace_id', '=', workspaceId)
      .where('report.receipt_number', 'in', chunk)
      .execute();
    for (const { receipt_number, ...incident } of rows) if (receipt_number) found.set(receipt_number, incident);
  }
  return found;
}

/** Incident → the reporter addresses on record in its reports (lower-cased): who is a party to it. */
export async function findReporterEmailsOfIncidents(
  db: Db,
  incidentIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  for (const chunk of chunked([...new Set(incidentIds)])) {
    const rows = await db
      .selectFrom('report')
      .select(['incident_id', 'reporter_email'])
      .distinct()
      .where('incident_id', 'in', chunk)
      .where('reporter_email', 'is not', null)
      .execute();
    for (const row of rows) {
      const emails = found.get(row.incident_id) ?? new Set<string>();
      emails.add(row.reporter_email!.toLowerCase());
      found.set(row.incident_id, emails);
    }
  }
  return found;
}

export async function findIncidentsByTrackingNumbers(
  db: Db,
  workspaceId: string,
  trackingNumbers: readonly string[],
): Promise<IncidentRow[]> {
  const rows: IncidentRow[] = [];
  for (const chunk of chunked(trackingNumbers))
    rows.push(
      ...(await db
        .selectFrom('incident')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('tracking_number', 'in', chunk)
        .execute()),
    );
  return rows;
}

export function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIncidentByTrackingNumber(
  db: Db,
  workspaceId: string,
  trackingNumber: string,
): Promise<IncidentRow | undefined> {
  return db
    .selectFrom('incident')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst();
}

/**
 * For each Message-ID: the incident of its newest report (with that report's receipt time), or
 * else of a message a handler sent from an incident (receipt time null).
 */
export async function findIncidentIdsByMessageIds(
  db: Db,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<Map<string, { incidentId: string; receivedAt: string | null; sender: string | null }>> {
  const found = new Map<string, { incidentId: string; receivedAt: string | null; sender: string | null }>();
  for (const chunk of chunked(messageIds)) {
    const reports = await db
      .selectFrom('report')
      .select(['message_id', 'incident_id', 'received_at', 'reporter_email'])
      .where('workspace_id', '=', workspaceId)
      .where('message_id', 'in', chunk)
      .execute();
    for (const row of reports) {
      const known = found.get(row.message_id ?? '');
      if (row.message_id && (!known || (known.receivedAt ?? '') < row.received_at))
        found.set(row.message_id, {
          incidentId: row.incident_id,
          receivedAt: row.received_at,
          sender: row.reporter_email?.toLowerCase() ?? null,
        });
    }
  }
  return found;
}

/**
 * Earlier reports of these messages: by the very same bytes (raw SHA-256) and by Message-ID.
 * Each look-up an index look-up.
 */
export async function findEarlierReports(
  db: Db,
  workspaceId: string,
  rawSha256s: readonly string[],
  messageIds: readonly string[],
): Promise<{
  bySha256: Map<string, string>;
  /** Reports with that Message-ID, with their subject and body (a duplicate must also match them). */
  byMessageId: Map<string, { id: string; subject: string; body: string }[]>;
}> {
  const bySha256 = new Map<string, string>();
  const byMessageId = new Map<string, { id: string; subject: string; body: string }[]>();
  for (const chunk of chunked([...new Set(rawSha256s)])) {
    for (const row of await db
      .selectFrom('report')
      .select(['id', 'raw_sha256'])
      .where('workspace_id', '=', workspaceId)
      .where('raw_sha256', 'in', chunk)
      .execute())
      if (row.raw_sha256) bySha256.set(row.raw_sha256, row.id);
  }
  for (const chunk of chunked([...new Set(messageIds)])) {
    for (const row of await db
      .selectFrom('report')
      .select(['id', 'message_id', 'subject', 'body'])
      .where('workspace_id', '=', workspaceId)
      .where('message_id', 'in', chunk)
      .orderBy('received_at')
      .execute())
      if (row.message_id)
        byMessageId.set(row.message_id, [
          ...(byMessageId.get(row.message_id) ?? []),
          { id: row.id, subject: row.subject, body: row.body },
        ]);
  }
  return { bySha256, byMessageId };
}

export async function insertIncidents(db: Db, rows: readonly IncidentRow[]): Promise<void> {
  for (const chunk of chunked(rows, 50)) await db.insertInto('incident').values(chunk).execute();
}

export async function updateIncident(db: Db, id: string, changes: Partial<Omit<IncidentRow, 'id'>>): Promise<void> {
  await db.updateTable('incident').set(changes).where('id', '=', id).execute();
}

/** Counts a batch's reports into existing incidents and raises their TLP: one statement per 1,000 incidents. */
export async function addReportsToIncidents(
  db: Db,
  changes: readonly { id: string; added: number; tlp: Tlp }[],
  now: string,
): Promise<void> {
  for (const chunk of chunked(changes)) {
    await db
      .updateTable('incident')
      .set((eb) => ({
        report_count: eb(
          'report_count',
          '+',
          sql<number>`CAST(${caseById(chunk, (change) => change.added)} AS integer)`,
        ),
        tlp: caseById(chunk, (change) => change.tlp),
        updated_at: now,
      }))
      .where(
        'id',
        'in',
        chunk.map((change) => change.id),
      )
      .execute();
  }
}

export async function insertReports(db: Db, rows: readonly ReportRow[]): Promise<void> {
  for (const chunk of chunked(rows, 50)) await db.insertInto('report').values(chunk).execute();
}

export async function insertAttachments(
  db: Db,
  attachments: readonly {
    reportId: string;
    sha256: string;
    filename: string | null;
    contentType: string;
    size: number;
  }[],
): Promise<void> {
  for (const chunk of chunked(attachments, 100)) {
    await db
      .insertInto('report_attachment')
      .values(
        chunk.map((a) => ({
          id: crypto.randomUUID(),
          report_id: a.reportId,
          sha256: a.sha256,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
        })),
      )
      .execute();
  }
}

/** Report texts by id: the snippets of report search hits (their search documents keep only the words). */
export async function reportExcerpts(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const rows =
    ids.length > 0
      ? await db
          .selectFrom('report')
          .select(['id', 'body'])
          .where('id', 'in', [...ids])
          .execute()
      : [];
  return new Map(rows.map((row) => [row.id, row.body]));
}

export function listReports(db: Db, incidentId: string): Promise<ReportRow[]> {
  return db.selectFrom('report').selectAll().where('incident_id', '=', incidentId).orderBy('received_at').execute();
}

/**
 * Upserts observables (bumping last-seen) and returns their ids by `type:value`: one statement
 * per 1,000 observables, whose RETURNING gives the ids of new and existing rows alike. Rows go in
 * (type, value) order, so concurrent writers on PostgreSQL lock them in the same order.
 */
export async function upsertObservables(
  db: Db,
  workspaceId: string,
  observables: readonly { type: string; value: string; registeredDomain: string | null }[],
): Promise<Map<string, string>> {
  const now = nowIso();
  const ids = new Map<string, string>();
  const sorted = [...observables].sort((a, b) =>
    a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.type < b.type ? -1 : 1,
  );
  for (const chunk of chunked(sorted)) {
    const rows = await db
      .insertInto('observable')
      .values(
        chunk.map((observable) => ({
          id: crypto.randomUUID(),
          workspace_id: workspaceId,
          type: observable.type,
          value: observable.value,
          registered_domain: observable.registeredDomain,
          first_seen_at: now,
          last_seen_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['workspace_id', 'type', 'value']).doUpdateSet({ last_seen_at: now }))
      .returning(['id', 'type', 'value'])
      .execute();
    for (const row of rows) ids.set(`${row.type}:${row.value}`, row.id);
  }
  return ids;
}

/** The ids of stored observables, by `type:value` (and into `correlation`, those whose state is not `auto`). */
export async function findObservableIds(
  db: Db,
  workspaceId: string,
  observables: readonly { type: string; value: string }[],
  correlation?: Map<string, string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  // Per type `type = ? AND value IN (…)`: an OR of (type, value) pairs can make a planner
  // without statistics scan the whole table.
  const byType = new Map<string, string[]>();
  for (const o of observables) byType.set(o.type, [...(byType.get(o.type) ?? []), o.value]);
  for (const [type, values] of byType) {
    for (const chunk of chunked(values)) {
      const rows = await db
        .selectFrom('observable')
        .select(['id', 'value', 'correlation'])
        .where('workspace_id', '=', workspaceId)
        .where('type', '=', type)
        .where('value', 'in', chunk)
        .execute();
      for (const row of rows) {
        ids.set(`${type}:${row.value}`, row.id);
        if (row.correlation !== 'auto') correlation?.set(`${type}:${row.value}`, row.correlation);
      }
    }
  }
  return ids;
}

/**
 * Observables of the given registered domains seen since `since`: at most `perDomain` of each,
 * most recently seen first. A domain shared by thousands (a free hosting service) stays cheap.
 */
export async function findObservablesByDomains(
  db: Db,
  workspaceId: string,
  domains: readonly string[],
  since: string,
  perDomain: number,
) {
  const rows: { id: string; type: string; value: string; registered_domain: string; correlation: string }[] = [];
  for (const chunk of chunked(domains)) {
    const ranked = db
      .selectFrom('observable')
      .select([
        'id',
        'type',
        'value',
        'registered_domain',
        'last_seen_at',
        'correlation',
        sql<number>`row_number() over (partition by registered_domain order by last_seen_at desc)`.as('rank'),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('registered_domain', 'in', chunk)
      .where('last_seen_at', '>=', since);
    const found = await db
      .selectFrom(ranked.as('ranked'))
      .select(['id', 'type', 'value', 'registered_domain', 'correlation'])
      .where('rank', '<=', perDomain)
      .orderBy('registered_domain')
      .orderBy('last_seen_at', 'desc')
      .execute();
    for (const row of found) if (row.registered_domain) rows.push({ ...row, registered_domain: row.registered_domain });
  }
  return rows;
}

/** Incidents the observables are linked to (at most `perObservable` each: a hot indicator stays cheap). */
export async function findIncidentLinksOfObservables(db: Db, observableIds: readonly string[], perObservable = 200) {
  const rows: { observable_id: string; incident_id: string }[] = [];
  for (const chunk of chunked(observableIds)) {
    const ranked = db
      .selectFrom('incident_observable')
      .select([
        'observable_id',
        'incident_id',
        sql<number>`row_number() over (partition by observable_id order by incident_id)`.as('rank'),
      ])
      .where('observable_id', 'in', chunk);
    rows.push(
      ...(await db
        .selectFrom(ranked.as('ranked'))
        .select(['observable_id', 'incident_id'])
        .where('rank', '<=', perObservable)
        .distinct()
        .execute()),
    );
  }
  return rows;
}

export async function linkObservablesOfReports(
  db: Db,
  links: readonly {
    incidentId: string;
    reportId: string;
    observableId: string;
    sources?: string | null;
    seen?: string | null;
  }[],
): Promise<void> {
  const now = nowIso();
  for (const chunk of chunked(links)) {
    await db
      .insertInto('incident_observable')
      .values(
        chunk.map((l) => ({
          incident_id: l.incidentId,
          observable_id: l.observableId,
          report_id: l.reportId,
          created_at: now,
          sources: l.sources ?? null,
          seen: l.seen ?? null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Marks observables `over_limit` (only those still `auto`); returns the ones it changed. */
export async function flagObservablesOverLimit(
  db: Db,
  workspaceId: string,
  observables: readonly { type: string; value: string }[],
  now: string,
): Promise<{ id: string; type: string }[]> {
  const changed: { id: string; type: string }[] = [];
  for (const { type, value } of observables) {
    changed.push(
      ...(await db
        .updateTable('observable')
        .set({ correlation: 'over_limit', correlation_changed_at: now, correlation_changed_by: null })
        .where('workspace_id', '=', workspaceId)
        .where('type', '=', type)
        .where('value', '=', value)
        .where('correlation', '=', 'auto')
        .returning(['id', 'type'])
        .execute()),
    );
  }
  return changed;
}

/** Links incidents both ways. */
export async function linkIncidentPairs(
  db: Db,
  pairs: readonly { incidentId: string; relatedId: string; reason: string }[],
): Promise<void> {
  const now = nowIso();
  const rows = new Map<string, { incident_id: string; related_id: string; reason: string; created_at: string }>();
  for (const { incidentId, relatedId, reason } of pairs) {
    if (incidentId === relatedId) continue;
    for (const [a, b] of [
      [incidentId, relatedId],
      [relatedId, incidentId],
    ] as const)
      if (!rows.has(`${a}:${b}`)) rows.set(`${a}:${b}`, { incident_id: a, related_id: b, reason, created_at: now });
  }
  for (const chunk of chunked([...rows.values()]))
    await db
      .insertInto('incident_link')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** Links an incident both ways with others (`links`: related incident → reason). */
export function linkIncidents(db: Db, incidentId: string, links: ReadonlyMap<string, string>): Promise<void> {
  return linkIncidentPairs(
    db,
    [...links].map(([relatedId, reason]) => ({ incidentId, relatedId, reason })),
  );
}

export function listObservablesOfIncident(db: Db, incidentId: string): Promise<ObservableRow[]> {
  return db
    .selectFrom('observable as o')
    .innerJoin('incident_observable as io', 'io.observable_id', 'o.id')
    .selectAll('o')
    .where('io.incident_id', '=', incidentId)
    .distinct()
    .orderBy('o.type')
    .orderBy('o.value')
    .execute();
}

/** Each report's link to each observable of an incident, with where the report carried it. */
export function listObservableLinksOfIncident(db: Db, incidentId: string) {
  return db
    .selectFrom('observable as o')
    .innerJoin('incident_observable as io', 'io.observable_id', 'o.id')
    .select(['o.id', 'o.type', 'o.value', 'o.registered_domain', 'o.correlation', 'io.sources', 'io.seen'])
    .where('io.incident_id', '=', incidentId)
    .orderBy('o.type')
    .orderBy('o.value')
    .orderBy('io.created_at')
    .execute();
}

export function findObservable(db: Db, id: string): Promise<ObservableRow | undefined> {
  return db.selectFrom('observable').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many incidents with one of the labels hold the observable. */
export async function countReadableIncidentsOfObservable(
  db: Db,
  observableId: string,
  readable: readonly Tlp[],
): Promise<number> {
  if (readable.length === 0) return 0;
  const row = await db
    .selectFrom('incident_observable as io')
    .innerJoin('incident as i', 'i.id', 'io.incident_id')
    .select(sql<number>`count(distinct io.incident_id)`.as('count'))
    .where('io.observable_id', '=', observableId)
    .where('i.tlp', 'in', [...readable])
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function setObservableCorrelation(
  db: Db,
  id: string,
  correlation: string,
  changedBy: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('observable')
    .set({ correlation, correlation_changed_by: changedBy, correlation_changed_at: now })
    .where('id', '=', id)
    .execute();
}

/** Removes every link of an incident to an observable; returns what was removed. */
export async function unlinkObservable(db: Db, incidentId: string, observableId: string) {
  return db
    .deleteFrom('incident_observable')
    .where('incident_id', '=', incidentId)
    .where('observable_id', '=', observableId)
    .returning(['report_id', 'sources', 'seen'])
    .execute();
}

/** Observables in a correlation state held by at least one incident with one of the labels, with how many. */
export function listObservablesByCorrelation(
  db: Db,
  workspaceId: string,
  correlation: string,
  readable: readonly Tlp[],
) {
  if (readable.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('observable as o')
    .innerJoin('incident_observable as io', 'io.observable_id', 'o.id')
    .innerJoin('incident as i', 'i.id', 'io.incident_id')
    .select([
      'o.id',
      'o.type',
      'o.value',
      'o.correlation',
      'o.last_seen_at',
      'o.correlation_changed_at',
      sql<number>`count(distinct io.incident_id)`.as('incident_count'),
    ])
    .where('o.workspace_id', '=', workspaceId)
    .where('o.correlation', '=', correlation)
    .where('i.tlp', 'in', [...readable])
    .groupBy(['o.id', 'o.type', 'o.value', 'o.correlation', 'o.last_seen_at', 'o.correlation_changed_at'])
    .orderBy('o.last_seen_at', 'desc')
    .limit(500)
    .execute();
}

export function listRelatedIncidents(db: Db, incidentId: string) {
  return db
    .selectFrom('incident_link as l')
    .innerJoin('incident as i', 'i.id', 'l.related_id')
    .select(['i.id', 'i.tracking_number', 'i.title', 'i.workspace_id', 'i.tlp', 'l.reason'])
    .where('l.incident_id', '=', incidentId)
    .execute();
}

export interface IncidentFilter {
  workspaceId: string;
  readableTlps: readonly Tlp[];
  /** One status, or any of several (the queue's "open" view). */
  status?: IncidentStatus | readonly IncidentStatus[] | undefined;
  category?: string | undefined;
  tlp?: Tlp | undefined;
  /** A user's id, or null for incidents nobody is assigned to. */
  assigneeId?: string | null | undefined;
  /** Any of these values (as typed, refanged, normalised), or a registered domain among them. */
  observable?: readonly string[] | undefined;
  incidentIds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** First-response target before this time. */
  dueBefore?: string | undefined;
  sort: 'updated' | 'created' | 'priority';
  limit: number;
  offset: number;
  /** Keyset paging: the position after which the page starts (`IncidentCursor` of the last row). */
  after?: IncidentCursor | undefined;
}

/** Where a row stands in the queue's order: its priority rank (priority sort), time and id. */
export interface IncidentCursor {
  rank?: number | undefined;
  at: string;
  id: string;
}

const PRIORITY_RANK = sql<number>`(CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END)`;

/** The queue's filters as one query (no order, no page), for the list and its count. */
function filteredIncidents(db: Db, filter: IncidentFilter) {
  let query = db
    .selectFrom('incident')
    .where('workspace_id', '=', filter.workspaceId)
    .where('tlp', 'in', [...filter.readableTlps]);
  if (typeof filter.status === 'string') query = query.where('status', '=', filter.status);
  else if (filter.status) query = query.where('status', 'in', [...filter.status]);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.tlp) query = query.where('tlp', '=', filter.tlp);
  if (filter.assigneeId === null) query = query.where('assignee_id', 'is', null);
  else if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.dueBefore) query = query.where('response_due_at', '<', filter.dueBefore);
  if (filter.incidentIds) query = query.where('id', 'in', filter.incidentIds.length ? [...filter.incidentIds] : ['']);
  if (filter.observable) {
    const value = filter.observable;
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('incident_observable as io')
        .innerJoin('observable as o', 'o.id', 'io.observable_id')
        .select('io.incident_id')
        .where('o.workspace_id', '=', filter.workspaceId)
        .where((inner) => inner.or([inner('o.value', 'in', value), inner('o.registered_domain', 'in', value)])),
    );
  }
  return query;
}

/** How many incidents the filters match (the queue's total). */
export async function countIncidents(db: Db, filter: IncidentFilter): Promise<number> {
  if (filter.readableTlps.length === 0) return 0;
  const row = await filteredIncidents(db, filter)
    .select(sql<number>`count(*)`.as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function listIncidents(db: Db, filter: IncidentFilter): Promise<IncidentRow[]> {
  if (filter.readableTlps.length === 0) return [];
  const time = filter.sort === 'created' ? 'created_at' : 'updated_at';
  let query = filteredIncidents(db, filter).selectAll();
  const after = filter.after;
  if (after) {
    // Rows after the cursor in the order below (rank ascending, then time and id descending).
    query = query.where((eb) => {
      const laterInTime = eb.or([eb(time, '<', after.at), eb.and([eb(time, '=', after.at), eb('id', '<', after.id)])]);
      if (filter.sort !== 'priority') return laterInTime;
      const rank = after.rank ?? 0;
      return eb.or([eb(PRIORITY_RANK, '>', rank), eb.and([eb(PRIORITY_RANK, '=', rank), laterInTime])]);
    });
  }
  if (filter.sort === 'priority') query = query.orderBy(PRIORITY_RANK);
  query = query.orderBy(time, 'desc').orderBy('id', 'desc').limit(filter.limit);
  return (after ? query : query.offset(filter.offset)).execute();
}

/** The cursor of a row in the queue's order. */
export function cursorOf(row: IncidentRow, sort: IncidentFilter['sort']): IncidentCursor {
  const rank = { critical: 0, high: 1, medium: 2 }[row.priority] ?? 3;
  return {
    ...(sort === 'priority' ? { rank } : {}),
    at: sort === 'created' ? row.created_at : row.updated_at,
    id: row.id,
  };
}

/** The first reporter of each incident (name and address), for the queue. */
export async function firstReporters(db: Db, incidentIds: readonly string[]) {
  const reporters = new Map<string, { name: string | null; email: string | null }>();
  for (const chunk of chunked(incidentIds)) {
    const rows = await db
      .selectFrom('report')
      .select(['incident_id', 'reporter_name', 'reporter_email', 'received_at'])
      .where('incident_id', 'in', chunk)
      .orderBy('received_at')
      .execute();
    for (const row of rows)
      if (!reporters.has(row.incident_id))
        reporters.set(row.incident_id, { name: row.reporter_name, email: row.reporter_email });
  }
  return reporters;
}

export function listAttachmentsOfReports(db: Db, reportIds: readonly string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report_attachment')
    .selectAll()
    .where('report_id', 'in', [...reportIds])
    .orderBy('filename')
    .execute();
}

/** Search-hit links of reports or timeline entries: each opens on its incident's page. */
export function incidentLinks(table: 'report' | 'incident_entry') {
  return async (db: Db, ids: readonly string[]): Promise<Map<string, string>> => {
    const links = new Map<string, string>();
    for (const chunk of chunked(ids)) {
      const rows = await db.selectFrom(table).select(['id', 'incident_id']).where('id', 'in', chunk).execute();
      for (const row of rows) links.set(row.id, `/incidents/${row.incident_id}`);
    }
    return links;
  };
}

/** The incidents that hold these reports and timeline entries (search hits on them lead to their incident). */
export async function incidentIdsOf(
  db: Db,
  reportIds: readonly string[],
  entryIds: readonly string[],
): Promise<string[]> {
  const fromReports = reportIds.length
    ? await db
        .selectFrom('report')
        .select('incident_id')
        .where('id', 'in', [...reportIds])
        .execute()
    : [];
  const fromEntries = entryIds.length
    ? await db
        .selectFrom('incident_entry')
        .select('incident_id')
        .where('id', 'in', [...entryIds])
        .execute()
    : [];
  return [...fromReports, ...fromEntries].map((row) => row.incident_id);
}

export function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findReports(
  db: Db,
  ids: readonly string[],
): Promise<Pick<ReportRow, 'id' | 'workspace_id' | 'tlp' | 'subject' | 'body'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report')
    .select(['id', 'workspace_id', 'tlp', 'subject', 'body'])
    .where('id', 'in', [...ids])
    .execute();
}

/** An attachment with its report's workspace and label (what reading it is checked against). */
export function findAttachment(db: Db, id: string) {
  return db
    .selectFrom('report_attachment as a')
    .innerJoin('report as r', 'r.id', 'a.report_id')
    .select(['a.sha256', 'a.filename', 'a.content_type', 'r.workspace_id', 'r.tlp'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export function listSavedViews(db: Db, userId: string, workspaceId: string) {
  return db
    .selectFrom('saved_view')
    .selectAll()
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .execute();
}

export async function insertSavedView(
  db: Db,
  row: { id: string; workspace_id: string; user_id: string; name: string; query: string; created_at: string },
): Promise<void> {
  await db.insertInto('saved_view').values(row).execute();
}

/** Deletes a user's own view; how many rows went (0: none of theirs has that id). */
export async function deleteSavedView(db: Db, id: string, userId: string): Promise<number> {
  const result = await db
    .deleteFrom('saved_view')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countReports(db: Db, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('report')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves every report of `sourceId`, with its observable links and timeline, to `targetId`; the ids of the moved reports. */
export async function moveIncidentContents(db: Db, sourceId: string, targetId: string): Promise<string[]> {
  const moved = await db.selectFrom('report').select('id').where('incident_id', '=', sourceId).execute();
  await db.updateTable('report').set({ incident_id: targetId }).where('incident_id', '=', sourceId).execute();
  await db
    .updateTable('incident_observable')
    .set({ incident_id: targetId })
    .where('incident_id', '=', sourceId)
    .execute();
  await db.updateTable('incident_entry').set({ incident_id: targetId }).where('incident_id', '=', sourceId).execute();
  return moved.map((report) => report.id);
}

/** Those of `reportIds` that belong to the incident, oldest first. */
export function findReportsOfIncident(db: Db, incidentId: string, reportIds: readonly string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report')
    .select(['id', 'subject', 'tlp', 'received_at'])
    .where('incident_id', '=', incidentId)
    .where('id', 'in', [...reportIds])
    .orderBy('received_at')
    .execute();
}

/** Moves reports, with their observable links, from `sourceId` to `targetId` (a split). */
export async function moveReports(
  db: Db,
  sourceId: string,
  targetId: string,
  reportIds: readonly string[],
): Promise<void> {
  await db
    .updateTable('report')
    .set({ incident_id: targetId })
    .where('id', 'in', [...reportIds])
    .execute();
  await db
    .updateTable('incident_observable')
    .set({ incident_id: targetId })
    .where('incident_id', '=', sourceId)
    .where('report_id', 'in', [...reportIds])
    .execute();
}

/** An incident's timeline entries with these labels, oldest first. */
export function listEntries(db: Db, incidentId: string, tlps: readonly Tlp[]): Promise<IncidentEntryRow[]> {
  if (tlps.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('incident_entry')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('tlp', 'in', [...tlps])
    .orderBy('created_at')
    .execute();
}

export async function insertEntry(db: Db, row: IncidentEntryRow): Promise<void> {
  await db.insertInto('incident_entry').values(row).execute();
}

/** What an acknowledgement of a report needs: the reporter's address and language, the subject, the Message-ID and the tracking number. */
export function findReportForAcknowledgement(db: Db, reportId: string) {
  return db
    .selectFrom('report as r')
    .innerJoin('incident as i', 'i.id', 'r.incident_id')
    .select([
      'r.reporter_email',
      'r.subject',
      'r.language',
      'r.message_id',
      'r.tlp',
      'r.workspace_id',
      'r.incident_id',
      'i.tracking_number',
    ])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
}
