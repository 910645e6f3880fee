/**
 * Workspaces (tenants) and the roles a user can hold in one.
 * @module
 */
import { z } from 'zod';
import type { Tlp } from './tlp.js';

/**
 * A workspace is a tenant. The Hub runs in an operations workspace; the Range files its lab
 * incidents into a Hub training workspace; each Range course has a workspace of its own.
 */
export const WORKSPACE_KINDS = ['hub_operations', 'hub_training', 'range_course'] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];
export const workspaceKindSchema = z.enum(WORKSPACE_KINDS);

/** Roles per workspace. External parties (partner CSIRTs, vendors) are roles too. */
export const ROLES = [
  'admin',
  'handler',
  'coordinator',
  'analyst',
  'vulnerability_coordinator',
  'partner',
  'vendor',
  'instructor',
  'assistant',
  'trainee',
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/**
 * Default TLP clearance of each role. External roles never see AMBER+STRICT (which TLP 2.0
 * restricts to the recipient's own organisation) nor RED; an admin may lower a member's
 * clearance below this default, never raise it above RED.
 */
export const DEFAULT_CLEARANCE: Record<Role, Tlp> = {
  admin: 'RED',
  handler: 'RED',
  coordinator: 'RED',
  analyst: 'AMBER+STRICT',
  vulnerability_coordinator: 'RED',
  partner: 'GREEN',
  vendor: 'AMBER',
  instructor: 'RED',
  assistant: 'AMBER+STRICT',
  trainee: 'AMBER',
};

/** Permissions a role grants inside its workspace. */
export const PERMISSIONS = [
  'workspace.manage', // members, roles, settings
  'content.read', // read objects within TLP clearance
  'content.write', // create and edit objects
  'audit.read',
  'reporter.read', // who reported, and what only names them (raw mail, the quarantine): need-to-know
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['workspace.manage', 'content.read', 'content.write', 'audit.read', 'reporter.read'],
  handler: ['content.read', 'content.write', 'reporter.read'],
  coordinator: ['content.read', 'content.write', 'reporter.read'],
  analyst: ['content.read', 'content.write'],
  vulnerability_coordinator: ['content.read', 'content.write', 'reporter.read'],
  partner: ['content.read'],
  vendor: ['content.read'],
  instructor: ['workspace.manage', 'content.read', 'content.write', 'audit.read'],
  assistant: ['content.read', 'content.write'],
  trainee: ['content.read', 'content.write'],
};
