/** SQL of reflections. @module */
import type { Db } from '../../../platform/index.js';
import type { ReflectionRow } from './reflection.table.js';

export function findOwn(db: Db, workspaceId: string, userId: string): Promise<ReflectionRow | undefined> {
  return db
    .selectFrom('reflection')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function findReflection(db: Db, id: string): Promise<ReflectionRow | undefined> {
  return db.selectFrom('reflection').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes the trainee's reflection (their text; staff tags stay). */
export async function saveOwn(db: Db, row: ReflectionRow): Promise<void> {
  await db
    .insertInto('reflection')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'user_id'])
        .doUpdateSet({ learnt: row.learnt, apply: row.apply, updated_at: row.updated_at }),
    )
    .execute();
}

export async function setTags(db: Db, id: string, tags: string, keyOpinion: number): Promise<void> {
  await db.updateTable('reflection').set({ tags, key_opinion: keyOpinion }).where('id', '=', id).execute();
}

export function reflectionsOf(db: Db, workspaceId: string): Promise<ReflectionRow[]> {
  return db
    .selectFrom('reflection')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('updated_at')
    .execute();
}
