/** SQL of coordination threads, their messages and takedown targets. @module */
import type { ThreadStatus, Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type { CoordinationMessageRow, CoordinationThreadRow, TakedownTargetRow } from './coordination.table.js';

export async function insertThread(db: Db, row: CoordinationThreadRow): Promise<void> {
  await db.insertInto('coordination_thread').values(row).execute();
}

export function findThread(db: Db, id: string): Promise<CoordinationThreadRow | undefined> {
  return db.selectFrom('coordination_thread').selectAll().where('id', '=', id).executeTakeFirst();
}

export function threadsOfIncident(db: Db, incidentId: string): Promise<CoordinationThreadRow[]> {
  return db
    .selectFrom('coordination_thread')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateThread(
  db: Db,
  id: string,
  changes: Partial<Omit<CoordinationThreadRow, 'id' | 'workspace_id' | 'incident_id'>>,
): Promise<void> {
  await db.updateTable('coordination_thread').set(changes).where('id', '=', id).execute();
}

/** Moves a thread from one status to another only if it is still in the first (a race loses quietly). */
export async function moveThread(
  db: Db,
  id: string,
  from: readonly ThreadStatus[],
  changes: Partial<Omit<CoordinationThreadRow, 'id' | 'workspace_id' | 'incident_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('coordination_thread')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function escalationsOf(db: Db, threadId: string): Promise<CoordinationThreadRow[]> {
  return db.selectFrom('coordination_thread').selectAll().where('escalated_from', '=', threadId).execute();
}

export async function insertMessage(db: Db, row: CoordinationMessageRow): Promise<void> {
  await db.insertInto('coordination_message').values(row).execute();
}

export function messagesOfThreads(db: Db, threadIds: readonly string[]): Promise<CoordinationMessageRow[]> {
  if (threadIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('coordination_message')
    .selectAll()
    .where('thread_id', 'in', [...threadIds])
    .orderBy('created_at')
    .execute();
}

export async function insertTarget(db: Db, row: TakedownTargetRow): Promise<boolean> {
  const inserted = await db
    .insertInto('takedown_target')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'url']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findTarget(db: Db, id: string): Promise<TakedownTargetRow | undefined> {
  return db.selectFrom('takedown_target').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTargetByUrl(db: Db, incidentId: string, url: string): Promise<TakedownTargetRow | undefined> {
  return db
    .selectFrom('takedown_target')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('url', '=', url)
    .executeTakeFirst();
}

export function targetsOfIncident(db: Db, incidentId: string): Promise<TakedownTargetRow[]> {
  return db
    .selectFrom('takedown_target')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .execute();
}

export async function updateTarget(
  db: Db,
  id: string,
  changes: Partial<Omit<TakedownTargetRow, 'id' | 'workspace_id' | 'incident_id'>>,
): Promise<void> {
  await db.updateTable('takedown_target').set(changes).where('id', '=', id).execute();
}

/** Takedown targets of a workspace with their incident's category, for incidents with these labels. */
export function targetsWithCategory(db: Db, workspaceId: string, tlps: readonly Tlp[]) {
  if (tlps.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('takedown_target as t')
    .innerJoin('incident as i', 'i.id', 't.incident_id')
    .select(['t.state', 't.reported_at', 't.down_at', 'i.category'])
    .where('t.workspace_id', '=', workspaceId)
    .where('i.tlp', 'in', [...tlps])
    .execute();
}
