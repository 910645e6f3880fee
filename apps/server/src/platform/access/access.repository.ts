/** Queries on workspaces and memberships. @module */
import type { Role, Tlp, WorkspaceKind } from '@renkei/contracts';
import type { Db } from '../db/database.js';
import type { MembershipRow, WorkspaceRow } from './access.table.js';

export interface MembershipWithWorkspace {
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  workspaceKind: WorkspaceKind;
  role: Role;
  clearance: Tlp;
}

export async function listMembershipsOfUser(db: Db, userId: string): Promise<MembershipWithWorkspace[]> {
  const rows = await db
    .selectFrom('membership as m')
    .innerJoin('workspace as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.slug', 'w.name', 'w.kind', 'm.role', 'm.clearance'])
    .where('m.user_id', '=', userId)
    .orderBy('w.slug')
    .execute();
  return rows.map((row) => ({
    workspaceId: row.id,
    workspaceSlug: row.slug,
    workspaceName: row.name,
    workspaceKind: row.kind as WorkspaceKind,
    role: row.role,
    clearance: row.clearance,
  }));
}

export function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWorkspaceBySlug(db: Db, slug: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspace').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listWorkspaces(db: Db, ids?: readonly string[]): Promise<WorkspaceRow[]> {
  let query = db.selectFrom('workspace').selectAll().orderBy('slug');
  if (ids) {
    if (ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', [...ids]);
  }
  return query.execute();
}

export async function insertWorkspace(db: Db, row: WorkspaceRow): Promise<void> {
  await db.insertInto('workspace').values(row).execute();
}

export function findMembership(db: Db, workspaceId: string, userId: string): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('membership')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertMembership(db: Db, row: MembershipRow): Promise<void> {
  await db
    .insertInto('membership')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: row.role, clearance: row.clearance }),
    )
    .execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string): Promise<number> {
  const result = await db
    .deleteFrom('membership')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The members of a workspace with their accounts, by username; `enabledOnly` leaves out disabled accounts. */
export function listMembers(db: Db, workspaceId: string, options: { enabledOnly?: boolean } = {}) {
  let query = db
    .selectFrom('membership as m')
    .innerJoin('user_account as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.username', 'u.display_name as displayName', 'm.role', 'm.clearance'])
    .where('m.workspace_id', '=', workspaceId);
  if (options.enabledOnly) query = query.where('u.disabled_at', 'is', null);
  return query.orderBy('u.username').execute();
}
