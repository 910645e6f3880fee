/** Workspace notices. @module */
import type { Selectable } from 'kysely';

export interface NoticeTable {
  id: string;
  workspace_id: string;
  tlp: string;
  title: string;
  body: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type NoticeRow = Selectable<NoticeTable>;
