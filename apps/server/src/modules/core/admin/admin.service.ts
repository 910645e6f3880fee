/**
 * Administration of users, workspaces and memberships. System administrators manage users and
 * workspaces; a workspace's managers (admin, instructor) manage its members.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_CLEARANCE,
  isTlpWithin,
  ROLE_PERMISSIONS,
  type Role,
  type CreateUserInput,
  type CreateWorkspaceInput,
  type Locale,
  type MemberDto,
  type PutMemberInput,
  type UserDto,
  type WorkspaceDto,
  type WorkspaceKind,
} from '@renkei/contracts';
import {
  AppError,
  assertPermission,
  assertSystemAdmin,
  authRepository,
  canManageWorkspace,
  createUser,
  nowIso,
  publicUserState,
  recordAudit,
  setPassword,
  accessRepository,
  type Actor,
  type AppContext,
  type UserRow,
  type WorkspaceRow,
} from '../../../platform/index.js';

/** `isThrottled`: sign-in for this name is being delayed now (after failed attempts); an administrator can clear it. */
export function toUserDto(user: UserRow, isThrottled = false): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    locale: user.locale as Locale,
    isSystemAdmin: user.is_system_admin === 1,
    hasTotp: user.totp_enabled === 1,
    isLocked: isThrottled,
    isDisabled: user.disabled_at !== null,
    createdAt: user.created_at,
  };
}

export function toWorkspaceDto(row: WorkspaceRow): WorkspaceDto {
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind as WorkspaceKind, createdAt: row.created_at };
}

export async function listUsers(ctx: AppContext, actor: Actor): Promise<UserDto[]> {
  assertSystemAdmin(actor);
  const throttled = await authRepository.throttledUsernames(ctx.db, nowIso());
  return (await authRepository.listUsers(ctx.db)).map((user) => toUserDto(user, throttled.has(user.username)));
}

export async function addUser(ctx: AppContext, actor: Actor, input: CreateUserInput): Promise<UserDto> {
  assertSystemAdmin(actor);
  // An administrator chose this password: the user replaces it at first sign-in.
  return toUserDto(await createUser(ctx, actor.userId, { ...input, mustChangePassword: true }));
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  email?: string | null | undefined;
  locale?: Locale | undefined;
  isDisabled?: boolean | undefined;
  unlock?: boolean | undefined;
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  input: UpdateUserInput,
): Promise<UserDto> {
  assertSystemAdmin(actor);
  const before = await authRepository.findUserById(ctx.db, userId);
  if (!before) throw new AppError('USER_NOT_FOUND', 'User not found');
  if (input.isDisabled && userId === actor.userId) throw new AppError('CONFLICT', 'You cannot disable yourself');
  await ctx.db.transaction().execute(async (trx) => {
    await authRepository.updateUser(trx, userId, {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.isDisabled !== undefined ? { disabled_at: input.isDisabled ? nowIso() : null } : {}),
      updated_at: nowIso(),
    });
    if (input.isDisabled) await authRepository.deleteSessionsOfUser(trx, userId);
    if (input.unlock) await authRepository.clearLoginThrottle(trx, before.username);
    const after = await authRepository.findUserById(trx, userId);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'user.update',
      objectType: 'user',
      objectId: userId,
      workspaceId: null,
      before: publicUserState(before),
      after: after ? publicUserState(after) : null,
    });
  });
  const updated = await authRepository.findUserById(ctx.db, userId);
  if (!updated) throw new AppError('USER_NOT_FOUND', 'User not found');
  return toUserDto(updated, (await authRepository.throttledUsernames(ctx.db, nowIso())).has(updated.username));
}

export async function resetUserPassword(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  password: string,
): Promise<void> {
  assertSystemAdmin(actor);
  await setPassword(ctx, actor.userId, userId, password, { mustChange: true });
}

export async function listWorkspaces(ctx: AppContext, actor: Actor): Promise<WorkspaceDto[]> {
  const rows = await accessRepository.listWorkspaces(
    ctx.db,
    actor.isSystemAdmin ? undefined : [...actor.memberships.keys()],
  );
  return rows.map(toWorkspaceDto);
}

export async function createWorkspace(
  ctx: AppContext,
  actor: Actor | null,
  input: CreateWorkspaceInput,
): Promise<WorkspaceDto> {
  if (actor) assertSystemAdmin(actor);
  if (await accessRepository.findWorkspaceBySlug(ctx.db, input.slug)) {
    throw new AppError('WORKSPACE_EXISTS', `Workspace ${input.slug} already exists`);
  }
  const row: WorkspaceRow = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    kind: input.kind,
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await accessRepository.insertWorkspace(trx, row);
    await recordAudit(trx, {
      actorId: actor?.userId ?? null,
      action: 'workspace.create',
      objectType: 'workspace',
      objectId: row.id,
      workspaceId: row.id,
      after: row,
    });
  });
  return toWorkspaceDto(row);
}

async function getManagedWorkspace(ctx: AppContext, actor: Actor, workspaceId: string): Promise<WorkspaceRow> {
  const workspace = await accessRepository.findWorkspace(ctx.db, workspaceId);
  const isVisible = workspace && (actor.isSystemAdmin || actor.memberships.has(workspaceId));
  if (!workspace || !isVisible) throw new AppError('WORKSPACE_NOT_FOUND', 'Workspace not found');
  if (!canManageWorkspace(actor, workspaceId)) throw new AppError('FORBIDDEN', 'You may not manage this workspace');
  return workspace;
}

export async function listMembers(ctx: AppContext, actor: Actor, workspaceId: string): Promise<MemberDto[]> {
  await getManagedWorkspace(ctx, actor, workspaceId);
  const rows = await accessRepository.listMembers(ctx.db, workspaceId);
  return rows.map((row) => ({ ...row, role: row.role, clearance: row.clearance }));
}

/**
 * Rank in a workspace's management: admins appoint instructors, instructors manage the rest.
 * A non-system-admin may create, change or remove only memberships ranked below their own, both
 * before and after the change (else an instructor could demote an admin, then remove them).
 */
function managementRank(role: Role | undefined): number {
  if (role === 'admin') return 2;
  return role && ROLE_PERMISSIONS[role].includes('workspace.manage') ? 1 : 0;
}

function assertOutranks(actor: Actor, workspaceId: string, ...roles: (Role | undefined)[]): void {
  if (actor.isSystemAdmin) return;
  const own = managementRank(actor.memberships.get(workspaceId)?.role);
  if (roles.some((role) => managementRank(role) > 0 && managementRank(role) >= own))
    throw new AppError(
      'FORBIDDEN',
      roles.includes('admin')
        ? 'Only a system administrator may make, change or remove workspace admins'
        : 'You may not make, change or remove a member who manages the workspace as you do',
    );
}

/**
 * The user a manager names, if they may pick them: a system administrator picks any account; a
 * workspace manager only people who already share a workspace with them. Any other name answers
 * as an unknown one, so that the answer does not reveal which accounts exist.
 */
async function findPickableUser(ctx: AppContext, actor: Actor, username: string) {
  const user = await authRepository.findUserByUsername(ctx.db, username.toLowerCase());
  if (user && !actor.isSystemAdmin) {
    const theirs = await accessRepository.listMembershipsOfUser(ctx.db, user.id);
    if (!theirs.some((membership) => actor.memberships.has(membership.workspaceId))) return undefined;
  }
  return user;
}

/** Adds a member or changes their role/clearance. Clearance never exceeds the role's default. */
export async function putMember(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  username: string,
  input: PutMemberInput,
): Promise<MemberDto> {
  await getManagedWorkspace(ctx, actor, workspaceId);
  assertOutranks(actor, workspaceId, input.role);
  const roleClearance = DEFAULT_CLEARANCE[input.role];
  const clearance = input.clearance ?? roleClearance;
  if (!isTlpWithin(clearance, roleClearance)) {
    throw new AppError('VALIDATION_FAILED', `The ${input.role} role is cleared up to ${roleClearance}`, [
      { path: 'body.clearance', message: `at most ${roleClearance}` },
    ]);
  }
  const ownClearance = actor.memberships.get(workspaceId)?.clearance;
  if (!actor.isSystemAdmin && ownClearance && !isTlpWithin(clearance, ownClearance)) {
    throw new AppError('FORBIDDEN', 'You may not grant a clearance above your own');
  }
  const user = await findPickableUser(ctx, actor, username);
  if (!user) throw new AppError('USER_NOT_FOUND', `No user ${username}`);
  const before = await accessRepository.findMembership(ctx.db, workspaceId, user.id);
  assertOutranks(actor, workspaceId, before?.role);
  await ctx.db.transaction().execute(async (trx) => {
    await accessRepository.upsertMembership(trx, {
      workspace_id: workspaceId,
      user_id: user.id,
      role: input.role,
      clearance,
      created_at: before?.created_at ?? nowIso(),
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: before ? 'membership.update' : 'membership.create',
      objectType: 'membership',
      objectId: `${workspaceId}:${user.id}`,
      workspaceId,
      before: before ?? null,
      after: { role: input.role, clearance },
    });
  });
  return { userId: user.id, username: user.username, displayName: user.display_name, role: input.role, clearance };
}

export async function removeMember(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  username: string,
): Promise<void> {
  await getManagedWorkspace(ctx, actor, workspaceId);
  const user = await authRepository.findUserByUsername(ctx.db, username.toLowerCase());
  const membership = user ? await accessRepository.findMembership(ctx.db, workspaceId, user.id) : undefined;
  if (!user || !membership) throw new AppError('MEMBERSHIP_NOT_FOUND', 'Membership not found');
  assertOutranks(actor, workspaceId, membership.role);
  await ctx.db.transaction().execute(async (trx) => {
    await accessRepository.deleteMembership(trx, workspaceId, user.id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'membership.delete',
      objectType: 'membership',
      objectId: `${workspaceId}:${user.id}`,
      workspaceId,
      before: membership,
    });
  });
}

/** Workspace audit trails are for those with `audit.read` in the workspace. */
export function assertCanReadAudit(actor: Actor, workspaceId: string): void {
  assertPermission(actor, workspaceId, 'audit.read');
}
