/** The sections of the implementation report people write, kept across regenerations. @module */
import type { Selectable } from 'kysely';

export interface ReportSectionsTable {
  workspace_id: string;
  insights: string;
  improvements: string;
  appendix: string;
  updated_by: string | null;
  updated_at: string;
}
export type ReportSectionsRow = Selectable<ReportSectionsTable>;

declare module '../../../platform/index.js' {
  interface Database {
    report_sections: ReportSectionsTable;
  }
}
