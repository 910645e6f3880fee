/** Workspace notices. @module */
import type { Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export interface NoticeTable {
  id: string;
  workspace_id: string;
  tlp: Tlp;
  title: string;
  body: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type NoticeRow = Selectable<NoticeTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    notice: NoticeTable;
  }
}
