/** The course of a Range workspace: its plan, timetable blocks, participants and groups. @module */
import type { Selectable } from 'kysely';

export interface CourseTable {
  /** One course per Range course workspace. */
  workspace_id: string;
  title: string;
  title_en: string | null;
  organiser: string | null;
  venue: string | null;
  /** JSON array of YYYY-MM-DD. */
  days: string;
  goals: string | null;
  staffing: string | null;
  services: string | null;
  updated_by: string | null;
  updated_at: string;
}
export type CourseRow = Selectable<CourseTable>;

export interface CourseBlockTable {
  id: string;
  workspace_id: string;
  day: number;
  start_time: string;
  end_time: string;
  kind: string;
  title: string;
  title_en: string | null;
  material: string | null;
  /** JSON arrays of text. */
  labs: string;
  instructors: string;
  assistants: string;
}
export type CourseBlockRow = Selectable<CourseBlockTable>;

export interface ParticipantTable {
  id: string;
  workspace_id: string;
  name: string;
  organisation: string | null;
  sector: string | null;
  /** Lower case; unique within the course when set. */
  email: string | null;
  group_id: string | null;
  /** JSON array of 1-based days present. */
  attendance: string;
  user_id: string | null;
  created_at: string;
}
export type ParticipantRow = Selectable<ParticipantTable>;

export interface ParticipantGroupTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
}
export type ParticipantGroupRow = Selectable<ParticipantGroupTable>;

/** A one-time sign-in code: only its hash is kept; it works once, until it expires. */
export interface ParticipantCodeTable {
  code_hash: string;
  participant_id: string;
  workspace_id: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  created_at: string;
}
export type ParticipantCodeRow = Selectable<ParticipantCodeTable>;

declare module '../../../platform/index.js' {
  interface Database {
    course: CourseTable;
    course_block: CourseBlockTable;
    participant: ParticipantTable;
    participant_group: ParticipantGroupTable;
    participant_code: ParticipantCodeTable;
  }
}
