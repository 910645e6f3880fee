/** SQL of range data sets (`range_dataset`). @module */
import type { Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type { RangeDatasetRow } from './dataset.table.js';

export async function insertDataset(db: Db, row: RangeDatasetRow): Promise<void> {
  await db.insertInto('range_dataset').values(row).execute();
}

export function findDataset(db: Db, id: string): Promise<RangeDatasetRow | undefined> {
  return db.selectFrom('range_dataset').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A generated set's content is stored: its blob, its row count, ready. */
export async function markDatasetReady(
  db: Db,
  id: string,
  ready: { sha256: string; rowCount: number; at: string },
): Promise<void> {
  await db
    .updateTable('range_dataset')
    .set({ sha256: ready.sha256, row_count: ready.rowCount, status: 'ready', updated_at: ready.at })
    .where('id', '=', id)
    .execute();
}

/** A workspace's data sets with these labels, newest first. */
export function listDatasetsOf(db: Db, workspaceId: string, tlps: readonly Tlp[]): Promise<RangeDatasetRow[]> {
  if (tlps.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('range_dataset')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...tlps])
    .orderBy('created_at', 'desc')
    .execute();
}
