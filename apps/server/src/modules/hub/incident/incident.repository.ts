/** Queries on incidents, reports and observables. @module */
import type { Tlp } from '@renkei/contracts';
import { sql } from 'kysely';
import type { Db } from '../../../platform/index.js';
import { nowIso } from '../../../platform/index.js';
import type { IncidentRow, ObservableRow, ReportRow } from './incident.table.js';

/** Next number of a yearly sequence, atomically (an upsert that increments). */
export async function nextTrackingValue(db: Db, prefix: string, year: number): Promise<number> {
  const row = await db
    .insertInto('tracking_sequence')
    .values({ prefix, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['prefix', 'year']).doUpdateSet((eb) => ({ last_value: eb('tracking_sequence.last_value', '+', 1) })))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIncidentByTrackingNumber(db: Db, workspaceId: string, trackingNumber: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('incident').selectAll().where('workspace_id', '=', workspaceId).where('tracking_number', '=', trackingNumber).executeTakeFirst();
}

export async function findIncidentIdByMessageIds(db: Db, workspaceId: string, messageIds: readonly string[]): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const row = await db
    .selectFrom('report')
    .select('incident_id')
    .where('workspace_id', '=', workspaceId)
    .where('message_id', 'in', [...messageIds])
    .orderBy('received_at', 'desc')
    .executeTakeFirst();
  if (row) return row.incident_id;
  // A reply to a message a handler sent from the incident.
  const sent = await db.selectFrom('incident_entry').select('incident_id').where('workspace_id', '=', workspaceId).where('message_id', 'in', [...messageIds]).executeTakeFirst();
  return sent?.incident_id;
}

/**
 * An earlier report of the same message, if any: the very same bytes (found first), or the same
 * Message-ID. One round trip, each branch an index look-up.
 */
export async function findEarlierReport(db: Db, workspaceId: string, rawSha256: string, messageId: string | null): Promise<{ id: string; reason: string } | undefined> {
  const sameBytes = db.selectFrom('report').select(['id', sql.lit(1).as('rank'), sql.lit('same raw message').as('reason')]).where('workspace_id', '=', workspaceId).where('raw_sha256', '=', rawSha256);
  const query = messageId
    ? sameBytes.unionAll(db.selectFrom('report').select(['id', sql.lit(2).as('rank'), sql.lit('duplicate message-id').as('reason')]).where('workspace_id', '=', workspaceId).where('message_id', '=', messageId))
    : sameBytes;
  const row = await query.orderBy('rank').limit(1).executeTakeFirst();
  return row ? { id: row.id, reason: row.reason } : undefined;
}

export async function insertIncident(db: Db, row: IncidentRow): Promise<void> {
  await db.insertInto('incident').values(row).execute();
}

export async function updateIncident(db: Db, id: string, changes: Partial<Omit<IncidentRow, 'id'>>): Promise<void> {
  await db.updateTable('incident').set(changes).where('id', '=', id).execute();
}

export async function insertReport(db: Db, row: ReportRow): Promise<void> {
  await db.insertInto('report').values(row).execute();
}

export function listReports(db: Db, incidentId: string): Promise<ReportRow[]> {
  return db.selectFrom('report').selectAll().where('incident_id', '=', incidentId).orderBy('received_at').execute();
}

/** Rows per multi-row statement: well under SQLite's limit of bound parameters. */
const ROWS_PER_STATEMENT = 500;

/**
 * Upserts observables (bumping last-seen) and returns their ids by `type:value`: one statement
 * per 500 observables, whose RETURNING gives the ids of new and existing rows alike. Rows go in
 * (type, value) order, so concurrent writers on PostgreSQL lock them in the same order.
 */
export async function upsertObservables(
  db: Db,
  workspaceId: string,
  observables: readonly { type: string; value: string; registeredDomain: string | null }[],
): Promise<Map<string, string>> {
  const now = nowIso();
  const ids = new Map<string, string>();
  const sorted = [...observables].sort((a, b) => (a.type === b.type ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.type < b.type ? -1 : 1));
  for (let start = 0; start < sorted.length; start += ROWS_PER_STATEMENT) {
    const rows = await db
      .insertInto('observable')
      .values(
        sorted.slice(start, start + ROWS_PER_STATEMENT).map((observable) => ({
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

export async function linkObservables(db: Db, incidentId: string, reportId: string, observableIds: readonly string[]): Promise<void> {
  if (observableIds.length === 0) return;
  const now = nowIso();
  await db
    .insertInto('incident_observable')
    .values(observableIds.map((observableId) => ({ incident_id: incidentId, observable_id: observableId, report_id: reportId, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const OPEN_STATUSES = ['new', 'triage', 'coordinating', 'waiting'];
/**
 * At most this many candidate incidents per kind of match: a registered domain shared by
 * hundreds of open incidents (a free hosting service, a URL shortener) must not turn every new
 * report into hundreds of links, nor make the look-up slow.
 */
const CORRELATION_LIMIT = 50;

export interface CorrelationCandidate {
  incidentId: string;
  type: string;
  value: string;
}

/**
 * Open incidents of the workspace that share an observable (exact type and value) or, for
 * domains and URLs, a registered domain seen since `since`. The report's observables are already
 * stored (`upsertObservables`), so the look-ups start from their ids: index look-ups only, by
 * (workspace, registered_domain), then by observable id, then by incident id.
 */
export async function findCorrelatedIncidents(
  db: Db,
  workspaceId: string,
  observables: readonly { id: string; type: string; value: string; registeredDomain: string | null }[],
  since: string,
): Promise<CorrelationCandidate[]> {
  if (observables.length === 0) return [];
  // Single-table look-ups instead of one join: the plan then cannot depend on table statistics
  // (a PostgreSQL without autovacuum planned the join as a scan of every incident).
  const matches: { observableId: string; type: string; value: string }[] = observables.map((o) => ({ observableId: o.id, type: o.type, value: o.value }));
  const domains = [...new Set(observables.map((o) => o.registeredDomain).filter((d): d is string => d !== null))];
  if (domains.length > 0) {
    const rows = await db
      .selectFrom('observable')
      .select(['id', 'registered_domain'])
      .where('workspace_id', '=', workspaceId)
      .where('registered_domain', 'in', domains)
      .where('last_seen_at', '>=', since)
      // The report's own observables were just seen: they match exactly, not by their domain.
      .where('id', 'not in', matches.map((m) => m.observableId))
      .orderBy('last_seen_at', 'desc')
      .limit(CORRELATION_LIMIT)
      .execute();
    matches.push(...rows.map((row) => ({ observableId: row.id, type: 'registered_domain', value: row.registered_domain ?? '' })));
  }
  if (matches.length === 0) return [];
  const links = await db
    .selectFrom('incident_observable')
    .select(['observable_id', 'incident_id'])
    .where('observable_id', 'in', [...new Set(matches.map((m) => m.observableId))])
    .limit(CORRELATION_LIMIT * 4)
    .execute();
  if (links.length === 0) return [];
  const open = new Set(
    (
      await db
        .selectFrom('incident')
        .select('id')
        .where('id', 'in', [...new Set(links.map((l) => l.incident_id))])
        .where('status', 'in', OPEN_STATUSES)
        .where('merged_into_id', 'is', null)
        .execute()
    ).map((row) => row.id),
  );
  // An observable can match exactly and by its registered domain; the exact match (first) wins.
  const byObservable = new Map<string, (typeof matches)[number]>();
  for (const match of matches) if (!byObservable.has(match.observableId)) byObservable.set(match.observableId, match);
  const candidates = new Map<string, CorrelationCandidate>();
  // Exact matches first, so they win over a shared registered domain for the same incident.
  for (const link of links.sort((a, b) => Number(byObservable.get(a.observable_id)?.type === 'registered_domain') - Number(byObservable.get(b.observable_id)?.type === 'registered_domain'))) {
    const match = byObservable.get(link.observable_id);
    if (!match || !open.has(link.incident_id)) continue;
    const key = `${link.incident_id}:${match.type}`;
    if (!candidates.has(key)) candidates.set(key, { incidentId: link.incident_id, type: match.type, value: match.value });
  }
  return [...candidates.values()];
}

/** Links incidents both ways (`links`: related incident → reason); one statement for all. */
export async function linkIncidents(db: Db, incidentId: string, links: ReadonlyMap<string, string>): Promise<void> {
  const now = nowIso();
  const rows = [...links].filter(([relatedId]) => relatedId !== incidentId).flatMap(([relatedId, reason]) => [
    { incident_id: incidentId, related_id: relatedId, reason, created_at: now },
    { incident_id: relatedId, related_id: incidentId, reason, created_at: now },
  ]);
  if (rows.length === 0) return;
  await db.insertInto('incident_link').values(rows).onConflict((oc) => oc.doNothing()).execute();
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
  status?: string | undefined;
  category?: string | undefined;
  tlp?: string | undefined;
  assigneeId?: string | undefined;
  observable?: string | undefined;
  incidentIds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sort: 'updated' | 'created' | 'priority';
  limit: number;
  offset: number;
}

export async function listIncidents(db: Db, filter: IncidentFilter): Promise<IncidentRow[]> {
  if (filter.readableTlps.length === 0) return [];
  let query = db.selectFrom('incident').selectAll().where('workspace_id', '=', filter.workspaceId).where('tlp', 'in', [...filter.readableTlps]);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.tlp) query = query.where('tlp', '=', filter.tlp);
  if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.incidentIds) {
    if (filter.incidentIds.length === 0) return [];
    query = query.where('id', 'in', [...filter.incidentIds]);
  }
  if (filter.observable) {
    const value = filter.observable;
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('incident_observable as io')
        .innerJoin('observable as o', 'o.id', 'io.observable_id')
        .select('io.incident_id')
        .where('o.workspace_id', '=', filter.workspaceId)
        .where((inner) => inner.or([inner('o.value', '=', value), inner('o.registered_domain', '=', value)])),
    );
  }
  if (filter.sort === 'priority') {
    query = query.orderBy((eb) =>
      eb.case().when('priority', '=', 'critical').then(0).when('priority', '=', 'high').then(1).when('priority', '=', 'medium').then(2).else(3).end(),
    );
  }
  query = query.orderBy(filter.sort === 'created' ? 'created_at' : 'updated_at', 'desc').orderBy('id', 'desc');
  return query.limit(filter.limit).offset(filter.offset).execute();
}
