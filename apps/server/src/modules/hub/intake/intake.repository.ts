/** SQL of intake: stored inbound mail (received, processed, quarantined, deleted). @module */
import { caseById, type Db } from '../../../platform/index.js';
import type { InboundMailRow } from './intake.table.js';

/** The statement that stores received mail (run with the blobs and jobs of the same receipt: `insertTogether`). */
export function inboundMailInsert(db: Db, rows: readonly InboundMailRow[]) {
  return db.insertInto('inbound_mail').values([...rows]);
}

/** Stores mail that was filed as it arrived (bulk import), one statement per 100. */
export async function insertInboundMails(db: Db, rows: readonly InboundMailRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 100)
    await db
      .insertInto('inbound_mail')
      .values(rows.slice(at, at + 100))
      .execute();
}

/** Records how stored messages were filed: one statement per 100 (a burst is filed as one batch). */
export async function settleInboundMails(db: Db, rows: readonly InboundMailRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 100) {
    const chunk = rows.slice(at, at + 100);
    await db
      .updateTable('inbound_mail')
      .set({
        status: caseById(chunk, (row) => row.status),
        report_id: caseById(chunk, (row) => row.report_id),
        reason: caseById(chunk, (row) => row.reason),
        updated_at: chunk[0]!.updated_at,
      })
      .where(
        'id',
        'in',
        chunk.map((row) => row.id),
      )
      .execute();
  }
}

export function findInboundMails(db: Db, ids: readonly string[]): Promise<InboundMailRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inbound_mail')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findInboundMail(db: Db, id: string): Promise<InboundMailRow | undefined> {
  return db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The quarantine of a workspace, newest first (at most 500). */
export function listQuarantined(db: Db, workspaceId: string) {
  return db
    .selectFrom('inbound_mail')
    .select(['id', 'source', 'size', 'envelope_from', 'reason', 'received_at', 'raw_sha256'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'quarantined')
    .orderBy('received_at', 'desc')
    .limit(500)
    .execute();
}

export async function setInboundMailStatus(
  db: Db,
  id: string,
  changes: { status: 'received' | 'deleted'; reason?: null; updated_at: string },
): Promise<void> {
  await db.updateTable('inbound_mail').set(changes).where('id', '=', id).execute();
}
