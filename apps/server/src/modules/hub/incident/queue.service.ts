/**
 * The handler's queue beyond the list itself: saved views (a named set of filters, per user and
 * workspace) and the people an incident can be assigned to.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS, type SavedView } from '@renkei/contracts';
import {
  AppError,
  accessRepository,
  assertPermission,
  nowIso,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import * as repository from './incident.repository.js';

export async function listSavedViews(ctx: AppContext, actor: Actor, workspaceId: string): Promise<SavedView[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listSavedViews(ctx.db, actor.userId, workspaceId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    query: JSON.parse(row.query) as Record<string, string>,
    createdAt: row.created_at,
  }));
}

export async function createSavedView(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: { name: string; query: Record<string, string> },
): Promise<SavedView> {
  assertPermission(actor, workspaceId, 'content.read');
  const row = {
    id: randomUUID(),
    workspace_id: workspaceId,
    user_id: actor.userId,
    name: input.name,
    query: JSON.stringify(input.query),
    created_at: nowIso(),
  };
  await repository.insertSavedView(ctx.db, row);
  return { id: row.id, name: row.name, query: input.query, createdAt: row.created_at };
}

export async function deleteSavedView(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  // Views are private: another user's view does not exist for you.
  if ((await repository.deleteSavedView(ctx.db, id, actor.userId)) === 0)
    throw new AppError('NOT_FOUND', 'Saved view not found');
}

/** Members who can work an incident (roles that may write), for the assignee picker. */
export async function listAssignees(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.read');
  const members = await accessRepository.listMembers(ctx.db, workspaceId, { enabledOnly: true });
  return members
    .filter((member) => ROLE_PERMISSIONS[member.role].includes('content.write'))
    .map((member) => ({
      id: member.userId,
      username: member.username,
      displayName: member.displayName,
      role: member.role,
    }));
}
