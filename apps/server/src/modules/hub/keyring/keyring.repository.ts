/** SQL of the key directory (`pgp_key`: public keys, and the team key with its encrypted private half). @module */
import type { Db } from '../../../platform/index.js';
import type { PgpKeyRow } from './keyring.table.js';

/** A workspace's keys; `newestFirst` for listings. */
export function listKeysOf(db: Db, workspaceId: string, options: { newestFirst?: boolean } = {}): Promise<PgpKeyRow[]> {
  const query = db.selectFrom('pgp_key').selectAll().where('workspace_id', '=', workspaceId);
  return (options.newestFirst ? query.orderBy('created_at', 'desc') : query).execute();
}

export async function hasKey(db: Db, workspaceId: string, fingerprint: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('pgp_key')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst()) !== undefined
  );
}

/** The workspace's team key becomes a plain public key: its private half is dropped. */
export async function demoteTeamKey(db: Db, workspaceId: string): Promise<void> {
  await db
    .updateTable('pgp_key')
    .set({ is_team_key: 0, armored_private: null })
    .where('workspace_id', '=', workspaceId)
    .where('is_team_key', '=', 1)
    .execute();
}

export async function insertKey(db: Db, row: PgpKeyRow): Promise<void> {
  await db.insertInto('pgp_key').values(row).execute();
}

export function findKey(db: Db, id: string): Promise<PgpKeyRow | undefined> {
  return db.selectFrom('pgp_key').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteKey(db: Db, id: string): Promise<void> {
  await db.deleteFrom('pgp_key').where('id', '=', id).execute();
}

export function findTeamKey(db: Db, workspaceId: string): Promise<PgpKeyRow | undefined> {
  return db
    .selectFrom('pgp_key')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('is_team_key', '=', 1)
    .executeTakeFirst();
}
