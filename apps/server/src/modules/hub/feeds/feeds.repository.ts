/** Queries of hub/feeds. @module */
import type { Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type { FeedChunkRow, FeedImportRow, FeedPartyRow, FeedProblemTable } from './feeds.table.js';

import { inflateText } from './chunk-packer.js';

export async function insertImport(db: Db, row: FeedImportRow): Promise<void> {
  await db.insertInto('feed_import').values(row).execute();
}

export async function updateImport(db: Db, id: string, changes: Partial<Omit<FeedImportRow, 'id'>>): Promise<void> {
  await db.updateTable('feed_import').set(changes).where('id', '=', id).execute();
}

export function findImport(db: Db, id: string): Promise<FeedImportRow | undefined> {
  return db.selectFrom('feed_import').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listImports(db: Db, workspaceId: string, tlps: readonly Tlp[]): Promise<FeedImportRow[]> {
  return db
    .selectFrom('feed_import')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...tlps])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** Stores packed chunks, 100 to a statement (SQL text is per row count; parameters stay small). */
export async function insertChunks(db: Db, rows: readonly FeedChunkRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 100)
    await db
      .insertInto('feed_chunk')
      .values(rows.slice(start, start + 100))
      .execute();
}

export async function insertProblems(db: Db, rows: readonly FeedProblemTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('feed_problem')
      .values(rows.slice(start, start + 500))
      .execute();
}

export function problemsOf(db: Db, importId: string, limit: number): Promise<FeedProblemTable[]> {
  return db
    .selectFrom('feed_problem')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** A party's events as CSV lines, in file order (its chunks, inflated). */
export async function partyCsvLines(db: Db, importId: string, partyKey: string): Promise<string[]> {
  const chunks = await db
    .selectFrom('feed_chunk')
    .select('csv')
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .orderBy('seq')
    .execute();
  return chunks.map((chunk) => inflateText(chunk.csv));
}

/** A party's chunks as stored (deflated), in order. */
export function partyChunks(db: Db, importId: string, partyKey: string): Promise<FeedChunkRow[]> {
  return db
    .selectFrom('feed_chunk')
    .selectAll()
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .orderBy('seq')
    .execute();
}

export async function insertParties(db: Db, rows: readonly FeedPartyRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('feed_party')
      .values(rows.slice(start, start + 500))
      .execute();
}

export function partiesOf(db: Db, importId: string, limit = 10_000): Promise<FeedPartyRow[]> {
  return db
    .selectFrom('feed_party')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('events', 'desc')
    .orderBy('party_key')
    .limit(limit)
    .execute();
}

export function findParty(db: Db, importId: string, partyKey: string): Promise<FeedPartyRow | undefined> {
  return db
    .selectFrom('feed_party')
    .selectAll()
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .executeTakeFirst();
}

/** A party's status, and what came with it (its message; its contact as looked up). */
export async function updateParty(
  db: Db,
  importId: string,
  partyKey: string,
  changes: Partial<
    Pick<FeedPartyRow, 'status' | 'outbound_message_id' | 'recipients' | 'recipients_source' | 'contact_note'>
  >,
): Promise<void> {
  await db
    .updateTable('feed_party')
    .set(changes)
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .execute();
}

/** Moves an import from one status to the next; false when it was not in `from` (another got there first). */
export async function moveImportStatus(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const result = await db
    .updateTable('feed_import')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
