/**
 * The access policy: the one place that decides who may see and do what. Every read path goes
 * through `canRead`/`readableTlps` (lists filter with it in SQL, single objects are checked
 * after load), every write through `assertPermission`.
 *
 * Need-to-know: a system administrator manages accounts and workspaces but reads a workspace's
 * content only as a member of it, like anyone else.
 * @module
 */
import {
  ROLE_PERMISSIONS,
  isTlpWithin,
  tlpLevelsWithin,
  type Permission,
  type Role,
  type Tlp,
  type TokenScope,
} from '@renkei/contracts';
import { AppError } from '../errors/app-error.js';

export interface Membership {
  role: Role;
  clearance: Tlp;
}

/** Who is acting: a signed-in user (session or API token) with their memberships. */
export interface Actor {
  userId: string;
  username: string;
  isSystemAdmin: boolean;
  memberships: ReadonlyMap<string, Membership>;
  /** Scopes of the API token used, or undefined for a browser session (all scopes). */
  tokenScopes?: readonly TokenScope[];
}

/** Anything stored that carries information. */
export interface Labelled {
  workspaceId: string;
  tlp: Tlp;
}

export function hasPermission(actor: Actor, workspaceId: string, permission: Permission): boolean {
  const membership = actor.memberships.get(workspaceId);
  return membership !== undefined && ROLE_PERMISSIONS[membership.role].includes(permission);
}

/** True when the actor may read `object`: member of its workspace, label within clearance. */
export function canRead(actor: Actor, object: Labelled): boolean {
  const membership = actor.memberships.get(object.workspaceId);
  if (!membership || !ROLE_PERMISSIONS[membership.role].includes('content.read')) return false;
  return isTlpWithin(object.tlp, membership.clearance);
}

/** TLP labels the actor may read in a workspace ([] when none): for filtering lists in SQL. */
export function readableTlps(actor: Actor, workspaceId: string): Tlp[] {
  const membership = actor.memberships.get(workspaceId);
  if (!membership || !ROLE_PERMISSIONS[membership.role].includes('content.read')) return [];
  return tlpLevelsWithin(membership.clearance);
}

/** Workspaces whose content the actor may read, with the labels readable in each. */
export function readableScope(actor: Actor): Map<string, Tlp[]> {
  const scope = new Map<string, Tlp[]>();
  for (const workspaceId of actor.memberships.keys()) {
    const levels = readableTlps(actor, workspaceId);
    if (levels.length > 0) scope.set(workspaceId, levels);
  }
  return scope;
}

/**
 * Throws unless the actor may read `object`. Objects the actor may not see are reported as not
 * found, so their existence does not leak.
 */
export function assertCanRead<T extends Labelled>(actor: Actor, object: T | undefined, notFound: () => AppError): T {
  if (!object || !canRead(actor, object)) throw notFound();
  return object;
}

export function assertPermission(actor: Actor, workspaceId: string, permission: Permission): void {
  if (!actor.memberships.has(workspaceId)) throw new AppError('WORKSPACE_NOT_FOUND', 'Workspace not found');
  if (!hasPermission(actor, workspaceId, permission)) {
    throw new AppError('FORBIDDEN', `Your role may not ${permission} in this workspace`);
  }
}

/** A writer may not label an object above their own clearance (they could not read it back). */
export function assertCanLabel(actor: Actor, workspaceId: string, tlp: Tlp): void {
  const membership = actor.memberships.get(workspaceId);
  if (!membership || !isTlpWithin(tlp, membership.clearance)) {
    throw new AppError('FORBIDDEN', `You may not label information ${tlp} in this workspace`);
  }
}

export function assertSystemAdmin(actor: Actor): void {
  if (!actor.isSystemAdmin) throw new AppError('FORBIDDEN', 'Only a system administrator may do this');
}

/** May this actor manage the workspace's members (system admin, or a manager in it)? */
export function canManageWorkspace(actor: Actor, workspaceId: string): boolean {
  return actor.isSystemAdmin || hasPermission(actor, workspaceId, 'workspace.manage');
}
