/** Surveys of a Range course, their responses, and who answered (kept apart from anonymous answers). @module */
import type { Selectable } from 'kysely';

export interface SurveyTable {
  id: string;
  workspace_id: string;
  title: string;
  anonymous: number;
  closes_at: string | null;
  /** JSON array of questions (contracts' questionSchema). */
  questions: string;
  created_by: string | null;
  created_at: string;
}
export type SurveyRow = Selectable<SurveyTable>;

export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  /** The user who answered; null when the survey is anonymous. */
  respondent_id: string | null;
  /** JSON object of answers by question id. */
  answers: string;
  submitted_at: string;
}
export type SurveyResponseRow = Selectable<SurveyResponseTable>;

/** That a user answered (one answer each), never which response is theirs when anonymous. */
export interface SurveyReceiptTable {
  survey_id: string;
  user_id: string;
}

declare module '../../../platform/index.js' {
  interface Database {
    survey: SurveyTable;
    survey_response: SurveyResponseTable;
    survey_receipt: SurveyReceiptTable;
  }
}
