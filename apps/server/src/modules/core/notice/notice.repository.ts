/** Queries on notices. @module */
import type { Tlp } from '@renkei/contracts';
import type { Db } from '../../../platform/index.js';
import type { NoticeRow } from './notice.table.js';

export function findNotice(db: Db, id: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('notice').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Notices of a workspace with one of the given labels (the caller's readable TLPs), newest first. */
export function listNotices(
  db: Db,
  workspaceId: string,
  readable: readonly Tlp[],
  page: { limit: number; offset: number },
): Promise<NoticeRow[]> {
  if (readable.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notice')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...readable])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function insertNotice(db: Db, row: NoticeRow): Promise<void> {
  await db.insertInto('notice').values(row).execute();
}

export async function updateNotice(
  db: Db,
  id: string,
  changes: Partial<Pick<NoticeRow, 'tlp' | 'title' | 'body' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('notice').set(changes).where('id', '=', id).execute();
}

export async function deleteNotice(db: Db, id: string): Promise<void> {
  await db.deleteFrom('notice').where('id', '=', id).execute();
}
