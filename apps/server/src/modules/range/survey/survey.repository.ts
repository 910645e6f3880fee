/** SQL of surveys, responses and receipts. @module */
import type { Db } from '../../../platform/index.js';
import type { SurveyResponseRow, SurveyRow } from './survey.table.js';

export async function insertSurvey(db: Db, row: SurveyRow): Promise<void> {
  await db.insertInto('survey').values(row).execute();
}

export async function updateSurvey(
  db: Db,
  id: string,
  changes: Pick<SurveyRow, 'title' | 'anonymous' | 'closes_at' | 'questions'>,
): Promise<void> {
  await db.updateTable('survey').set(changes).where('id', '=', id).execute();
}

export function findSurvey(db: Db, id: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
}

export function surveysOf(db: Db, workspaceId: string): Promise<SurveyRow[]> {
  return db.selectFrom('survey').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
}

export async function responseCounts(db: Db, surveyIds: readonly string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_response')
    .select(['survey_id', db.fn.countAll<number>().as('count')])
    .where('survey_id', 'in', [...surveyIds])
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((row) => [row.survey_id, Number(row.count)]));
}

export async function receiptsOf(db: Db, userId: string, surveyIds: readonly string[]): Promise<Set<string>> {
  if (surveyIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('survey_receipt')
    .select('survey_id')
    .where('user_id', '=', userId)
    .where('survey_id', 'in', [...surveyIds])
    .execute();
  return new Set(rows.map((row) => row.survey_id));
}

/** Stores a response and its receipt; false when the user has a receipt already (answered once). */
export async function insertResponse(db: Db, row: SurveyResponseRow, userId: string): Promise<boolean> {
  const receipt = await db
    .insertInto('survey_receipt')
    .values({ survey_id: row.survey_id, user_id: userId })
    .onConflict((oc) => oc.columns(['survey_id', 'user_id']).doNothing())
    .returning('survey_id')
    .executeTakeFirst();
  if (!receipt) return false;
  await db.insertInto('survey_response').values(row).execute();
  return true;
}

export function responsesOf(db: Db, surveyId: string): Promise<SurveyResponseRow[]> {
  return db
    .selectFrom('survey_response')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
}
