/** Rows of each group's risk-assessment worksheet. @module */
import type { Selectable } from 'kysely';

export interface RiskRowTable {
  id: string;
  workspace_id: string;
  group_id: string;
  use_case: string;
  asset: string;
  threat: string;
  vulnerability: string;
  likelihood: number;
  impact: number;
  controls: string;
  /** JSON array of framework reference ids. */
  frameworks: string;
  /** Bumped on every change: an editor working from an older version is refused (live editing). */
  version: number;
  position: number;
  updated_by: string | null;
  updated_at: string;
}
export type RiskRowRow = Selectable<RiskRowTable>;

declare module '../../../platform/index.js' {
  interface Database {
    risk_row: RiskRowTable;
  }
}
