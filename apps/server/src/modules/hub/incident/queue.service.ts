/**
 * The handler's queue beyond the list itself: saved views (a named set of filters, per user and
 * workspace) and the people an incident can be assigned to.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS, type Role, type SavedView } from '@renkei/contracts';
import { AppError, assertPermission, nowIso, type Actor, type AppContext } from '../../../platform/index.js';

export async function listSavedViews(ctx: AppContext, actor: Actor, workspaceId: string): Promise<SavedView[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await ctx.db.selectFrom('saved_view').selectAll().where('user_id', '=', actor.userId).where('workspace_id', '=', workspaceId).orderBy('name').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, query: JSON.parse(row.query) as Record<string, string>, createdAt: row.created_at }));
}

export async function createSavedView(ctx: AppContext, actor: Actor, workspaceId: string, input: { name: string; query: Record<string, string> }): Promise<SavedView> {
  assertPermission(actor, workspaceId, 'content.read');
  const row = { id: randomUUID(), workspace_id: workspaceId, user_id: actor.userId, name: input.name, query: JSON.stringify(input.query), created_at: nowIso() };
  await ctx.db.insertInto('saved_view').values(row).execute();
  return { id: row.id, name: row.name, query: input.query, createdAt: row.created_at };
}

export async function deleteSavedView(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  // Views are private: another user's view does not exist for you.
  const result = await ctx.db.deleteFrom('saved_view').where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'Saved view not found');
}

/** Members who can work an incident (roles that may write), for the assignee picker. */
export async function listAssignees(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await ctx.db
    .selectFrom('membership as m')
    .innerJoin('user_account as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.username')
    .execute();
  return rows
    .filter((row) => ROLE_PERMISSIONS[row.role as Role].includes('content.write'))
    .map((row) => ({ id: row.id, username: row.username, displayName: row.display_name, role: row.role }));
}
