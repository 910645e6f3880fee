/**
 * The audit trail: every mutation appends one record in the same transaction as the change.
 * Records are hash-chained (each hash covers the previous one), so altering or deleting any
 * row breaks the chain at that row, which `verifyAuditChain` reports.
 * @module
 */
import type { AuditEventDto } from '@renkei/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/database.js';
import { canonicalJson, digestOf, sha256Hex } from './canonical-json.js';
import type { AuditEventRow } from './audit.table.js';
import { displayNamesOf } from '../auth/auth.repository.js';
import {
  advanceChainHead,
  appendAuditEvents,
  auditEventsFrom,
  latestAuditEvents,
  readChainHead,
  type AuditFilter,
} from './audit.repository.js';

export interface AuditEntry {
  actorId: string | null;
  /** `<object>.<verb>`, e.g. `user.create`, `notice.update`. */
  action: string;
  objectType: string;
  objectId: string | null;
  workspaceId: string | null;
  /** Object state before and after; only their digests are stored. */
  before?: unknown;
  after?: unknown;
  /** Small JSON context; never secrets. */
  detail?: Record<string, unknown>;
}

type ChainedFields = Omit<AuditEventRow, 'hash'>;

type AuditListener = (entry: AuditEntry) => void;
const listeners = new Set<AuditListener>();

/**
 * Calls `listener` for every audit record written by this process (after the insert, inside
 * the transaction). Caches of derived state use it to forget what a mutation changed.
 */
export function onAuditRecorded(listener: AuditListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A record's chain hash. Anyone who holds the database can compute it (it is not keyed): this is
 * why the chain is anchored outside the database (anchor.ts).
 */
export function auditRecordHash(fields: ChainedFields): string {
  return hashOf(fields);
}

function hashOf(fields: ChainedFields): string {
  return sha256Hex(`${fields.prev_hash}\n${canonicalJson(fields)}`);
}

/**
 * Appends audit records, in order. Must be called with the transaction that makes the change, so
 * the records and the change commit or roll back together. Several records of one change (an
 * incident and its first report) are written with one statement each for the head and the rows.
 */
export async function recordAudit(trx: Kysely<Database>, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Outside a transaction the statements below could interleave with another writer's and
  // fork the chain; an action logged on its own gets a transaction of its own.
  if (!trx.isTransaction) {
    await trx.transaction().execute((own) => recordAudit(own, ...entries));
    return;
  }
  const head = await advanceChainHead(trx, entries.length);
  const at = nowIso();
  let previousHash = head.last_hash;
  const rows = entries.map((entry, index) => {
    const fields: ChainedFields = {
      seq: head.last_seq - entries.length + 1 + index,
      at,
      actor_id: entry.actorId,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      workspace_id: entry.workspaceId,
      before_digest: digestOf(entry.before),
      after_digest: digestOf(entry.after),
      detail: entry.detail ? canonicalJson(entry.detail) : null,
      prev_hash: previousHash,
    };
    previousHash = hashOf(fields);
    return { ...fields, hash: previousHash };
  });
  await appendAuditEvents(trx, rows, previousHash);
  for (const entry of entries) for (const listener of listeners) listener(entry);
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first link that does not hold, if any. */
  brokenAt?: { seq: number; reason: string };
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(
  db: Kysely<Database>,
  onProgress?: (checked: number, total: number) => void,
): Promise<AuditVerification> {
  const head = await readChainHead(db);
  const pageSize = 2000;
  // After a prune the chain starts at its base (checked against a signed base line in anchor.ts).
  let expectedSeq = head.base_seq + 1;
  let previousHash = head.base_hash;
  let checked = 0;
  for (;;) {
    const rows = await auditEventsFrom(db, expectedSeq, pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, brokenAt: { seq: expectedSeq, reason: `record ${expectedSeq} is missing` } };
      }
      if (row.prev_hash !== previousHash) {
        return { ok: false, checked, brokenAt: { seq: row.seq, reason: 'does not link to the previous record' } };
      }
      const { hash, ...fields } = row;
      if (hashOf(fields) !== hash) {
        return { ok: false, checked, brokenAt: { seq: row.seq, reason: 'record content was altered' } };
      }
      previousHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    onProgress?.(checked, head.last_seq - head.base_seq);
    if (rows.length < pageSize) break;
  }
  if (expectedSeq - 1 !== head.last_seq || previousHash !== head.last_hash) {
    return {
      ok: false,
      checked,
      brokenAt: {
        seq: expectedSeq,
        reason: `chain ends at ${expectedSeq - 1} but ${head.last_seq} records were written`,
      },
    };
  }
  return { ok: true, checked };
}

/** Audit records, newest first (paged by `beforeSeq`), optionally of one workspace. */
export async function listAuditEvents(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEventDto[]> {
  const rows = await latestAuditEvents(db, filter);
  const names = await displayNamesOf(
    db,
    rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
  );
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_id ? (names.get(row.actor_id) ?? null) : null,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    workspaceId: row.workspace_id,
    hash: row.hash,
  }));
}
