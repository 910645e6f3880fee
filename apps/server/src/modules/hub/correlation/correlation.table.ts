/** Tables of hub/correlation: the workspace's correlation exclusion lists. @module */
import type { Selectable } from 'kysely';

/**
 * One entry of an exclusion list: a MISP warninglist imported into the workspace (`list_name` is
 * the list's name), or the workspace's own list (`list_name` = `workspace`), edited in the UI.
 */
export interface CorrelationExclusionTable {
  id: string;
  workspace_id: string;
  list_name: string;
  /** MISP's type: string | substring | hostname | cidr | regex. */
  match_type: string;
  value: string;
  /** JSON array of MISP attribute types the list applies to, or null for all. */
  matching_attributes: string | null;
  /** The list's description and version as imported. */
  description: string | null;
  version: number | null;
  created_by: string | null;
  created_at: string;
}
export type CorrelationExclusionRow = Selectable<CorrelationExclusionTable>;

declare module '../../../platform/index.js' {
  interface Database {
    correlation_exclusion: CorrelationExclusionTable;
  }
}
