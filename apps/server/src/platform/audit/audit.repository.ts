/** SQL of the audit trail: the one-row chain head and the append-only `audit_event` rows. @module */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditEventRow } from './audit.table.js';

/**
 * Reserves `count` sequence numbers and returns the head as it now is. The UPDATE takes the
 * head's row lock (PostgreSQL) or the write lock (SQLite): writers queue here and the chain stays
 * a line even with many concurrent processes.
 */
export async function advanceChainHead(
  trx: Kysely<Database>,
  count: number,
): Promise<{ last_seq: number; last_hash: string }> {
  return trx
    .updateTable('audit_chain_head')
    .set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
}

export async function appendAuditEvents(trx: Kysely<Database>, rows: AuditEventRow[], lastHash: string): Promise<void> {
  await trx.insertInto('audit_event').values(rows).execute();
  await trx.updateTable('audit_chain_head').set({ last_hash: lastHash }).where('id', '=', 1).execute();
}

export interface ChainHead {
  last_seq: number;
  last_hash: string;
  base_seq: number;
  base_hash: string;
}

export async function readChainHead(db: Kysely<Database>): Promise<ChainHead> {
  const head = await db
    .selectFrom('audit_chain_head')
    .select(['last_seq', 'last_hash', 'base_seq', 'base_hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  // PostgreSQL's integer comes back as a number; be explicit for both dialects.
  return { ...head, last_seq: Number(head.last_seq), base_seq: Number(head.base_seq) };
}

/** The newest record written before `at` (ISO time), if any. */
export async function lastAuditEventBefore(db: Kysely<Database>, at: string): Promise<AuditEventRow | undefined> {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('at', '<', at)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Removes records up to `throughSeq` and moves the chain's base there (after they were archived). */
export async function removeAuditEventsThrough(trx: Kysely<Database>, throughSeq: number, hash: string): Promise<void> {
  await trx.deleteFrom('audit_event').where('seq', '<=', throughSeq).execute();
  await trx
    .updateTable('audit_chain_head')
    .set({ base_seq: throughSeq, base_hash: hash })
    .where('id', '=', 1)
    .execute();
}

/** Up to `limit` records from sequence number `fromSeq` on, in order. */
export async function auditEventsFrom(db: Kysely<Database>, fromSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
}

/** Records newest first (paged by `beforeSeq`), optionally of one workspace. */
export interface AuditFilter {
  workspaceId?: string;
  /** One object: every record of it (changes, reads, refusals). */
  objectId?: string | undefined;
  actorId?: string | undefined;
  /** Actions starting with this, e.g. `report.` or `incident.read`. */
  action?: string | undefined;
  limit: number;
  beforeSeq?: number | undefined;
}

export async function latestAuditEvents(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(filter.limit);
  if (filter.workspaceId) query = query.where('workspace_id', '=', filter.workspaceId);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  return query.execute();
}
