/** Trainees' reflections, with the staff's tags and key-opinion marks. @module */
import type { Selectable } from 'kysely';

export interface ReflectionTable {
  id: string;
  workspace_id: string;
  /** One reflection per trainee per course. */
  user_id: string;
  learnt: string;
  apply: string;
  /** JSON array of tags given by staff. */
  tags: string;
  key_opinion: number;
  updated_at: string;
}
export type ReflectionRow = Selectable<ReflectionTable>;

declare module '../../../platform/index.js' {
  interface Database {
    reflection: ReflectionTable;
  }
}
