/** SQL of worksheet rows. @module */
import type { Db } from '../../../platform/index.js';
import type { RiskRowRow } from './worksheet.table.js';

export function rowsOfGroup(db: Db, groupId: string): Promise<RiskRowRow[]> {
  return db
    .selectFrom('risk_row')
    .selectAll()
    .where('group_id', '=', groupId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function rowsOfCourse(db: Db, workspaceId: string): Promise<RiskRowRow[]> {
  return db
    .selectFrom('risk_row')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('group_id')
    .orderBy('position')
    .execute();
}

export function findRow(db: Db, id: string): Promise<RiskRowRow | undefined> {
  return db.selectFrom('risk_row').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRow(db: Db, row: RiskRowRow): Promise<void> {
  await db.insertInto('risk_row').values(row).execute();
}

/** Writes a row only if it is still at `version` (returns false when someone changed it first). */
export async function updateRow(db: Db, row: RiskRowRow, version: number): Promise<boolean> {
  const result = await db
    .updateTable('risk_row')
    .set(row)
    .where('id', '=', row.id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('risk_row').where('id', '=', id).execute();
}
