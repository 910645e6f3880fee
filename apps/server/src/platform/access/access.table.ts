/** Tables of workspaces (tenants) and memberships (role and TLP clearance per workspace). @module */
import type { Role, Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export interface WorkspaceTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  created_at: string;
}
export type WorkspaceRow = Selectable<WorkspaceTable>;

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  clearance: Tlp;
  created_at: string;
}
export type MembershipRow = Selectable<MembershipTable>;
