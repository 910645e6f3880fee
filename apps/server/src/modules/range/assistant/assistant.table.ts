/** The assistant's defence switches per plant, and its queue of actuations awaiting approval. @module */
import type { Selectable } from 'kysely';

export interface AssistantDefenceTable {
  instance_id: string;
  /** JSON DefenceSettings. */
  settings: string;
  updated_by: string;
  updated_at: string;
}

/** The lab's (course's) default defence switches: plants without their own use them. */
export interface AssistantCourseDefenceTable {
  workspace_id: string;
  /** JSON DefenceSettings. */
  settings: string;
  updated_by: string;
  updated_at: string;
}

export interface AssistantApprovalTable {
  id: string;
  instance_id: string;
  tool: string;
  /** JSON arguments of the tool call. */
  arguments: string;
  requested_by: string;
  /** pending, approved, rejected */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  result: string | null;
  created_at: string;
}
export type AssistantApprovalRow = Selectable<AssistantApprovalTable>;

declare module '../../../platform/index.js' {
  interface Database {
    assistant_defence: AssistantDefenceTable;
    assistant_course_defence: AssistantCourseDefenceTable;
    assistant_approval: AssistantApprovalTable;
  }
}
