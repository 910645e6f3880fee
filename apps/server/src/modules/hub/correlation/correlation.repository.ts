/** Queries on correlation exclusion lists. @module */
import type { Db } from '../../../platform/index.js';
import type { CorrelationExclusionRow } from './correlation.table.js';

export function listExclusions(db: Db, workspaceId: string): Promise<CorrelationExclusionRow[]> {
  return db
    .selectFrom('correlation_exclusion')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('list_name')
    .orderBy('match_type')
    .orderBy('value')
    .execute();
}

export function findExclusion(db: Db, id: string): Promise<CorrelationExclusionRow | undefined> {
  return db.selectFrom('correlation_exclusion').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Replaces a list's entries (an import of a newer version of a warninglist replaces the older). */
export async function replaceList(
  db: Db,
  workspaceId: string,
  listName: string,
  rows: readonly CorrelationExclusionRow[],
): Promise<number> {
  const removed = await db
    .deleteFrom('correlation_exclusion')
    .where('workspace_id', '=', workspaceId)
    .where('list_name', '=', listName)
    .executeTakeFirst();
  // Chunks keep each statement under SQLite's and PostgreSQL's parameter limits.
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('correlation_exclusion')
      .values(rows.slice(start, start + 500))
      .onConflict((oc) => oc.doNothing())
      .execute();
  return Number(removed.numDeletedRows);
}

export async function insertExclusion(db: Db, row: CorrelationExclusionRow): Promise<boolean> {
  const result = await db
    .insertInto('correlation_exclusion')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteExclusion(db: Db, id: string): Promise<void> {
  await db.deleteFrom('correlation_exclusion').where('id', '=', id).execute();
}

export async function deleteList(db: Db, workspaceId: string, listName: string): Promise<number> {
  const result = await db
    .deleteFrom('correlation_exclusion')
    .where('workspace_id', '=', workspaceId)
    .where('list_name', '=', listName)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
