/**
 * Surveys of a Range course (issue 16): instructors build them (Likert, single and multiple
 * choice, free text, required or not, conditional questions; anonymous or named; closing time),
 * everyone in the course answers once from any device, staff read the aggregated results and
 * download the raw data (CSV, XLSX with its codebook and a summary sheet). An anonymous
 * response keeps no link to its respondent: a separate receipt only says that they answered.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  surveyInputSchema,
  type Question,
  type Survey,
  type SurveyAnswers,
  type SurveyInput,
  type SurveyResults,
} from '@renkei/contracts';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { csvField } from '@renkei/feeds';
import {
  AppError,
  assertPermission,
  authRepository,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { assertCourseWorkspace, isCourseStaff } from '../course/index.js';
import * as repository from './survey.repository.js';
import type { SurveyRow } from './survey.table.js';
import { aggregate, answerProblems, codebook, rawTable } from './survey-results.js';

const surveyNotFound = () => new AppError('SURVEY_NOT_FOUND', 'Survey not found');

function toSurvey(row: SurveyRow, responses: number, answered: boolean): Survey {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    title: row.title,
    anonymous: row.anonymous === 1,
    closesAt: row.closes_at,
    questions: JSON.parse(row.questions) as Question[],
    responses,
    answered,
    createdAt: row.created_at,
  };
}

async function loadSurvey(ctx: AppContext, actor: Actor, id: string): Promise<SurveyRow> {
  const row = await repository.findSurvey(ctx.db, id);
  // Another course's survey answers exactly as one that does not exist.
  if (!row || !actor.memberships.has(row.workspace_id)) throw surveyNotFound();
  return row;
}

async function surveyOf(ctx: AppContext, actor: Actor, row: SurveyRow): Promise<Survey> {
  const counts = await repository.responseCounts(ctx.db, [row.id]);
  const answered = await repository.receiptsOf(ctx.db, actor.userId, [row.id]);
  return toSurvey(row, counts.get(row.id) ?? 0, answered.has(row.id));
}

export async function createSurvey(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: SurveyInput,
): Promise<Survey> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  const parsed = surveyInputSchema.parse(input);
  const row: SurveyRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    title: parsed.title,
    anonymous: parsed.anonymous ? 1 : 0,
    closes_at: parsed.closesAt ?? null,
    questions: JSON.stringify(parsed.questions),
    created_by: actor.userId,
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertSurvey(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'survey.create',
      objectType: 'survey',
      objectId: row.id,
      workspaceId,
      detail: { title: row.title, questions: parsed.questions.length, anonymous: parsed.anonymous },
    });
  });
  return toSurvey(row, 0, false);
}

/** Changes a survey; once answered, its questions stay (the answers were given to them). */
export async function updateSurvey(ctx: AppContext, actor: Actor, id: string, input: SurveyInput): Promise<Survey> {
  const row = await loadSurvey(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'workspace.manage');
  const parsed = surveyInputSchema.parse(input);
  const responses = (await repository.responseCounts(ctx.db, [id])).get(id) ?? 0;
  const questions = JSON.stringify(parsed.questions);
  if (responses > 0 && (questions !== row.questions || (parsed.anonymous ? 1 : 0) !== row.anonymous))
    throw new AppError('SURVEY_ALREADY_ANSWERED', 'The survey has answers: only its title and closing time may change');
  const changes = {
    title: parsed.title,
    anonymous: parsed.anonymous ? 1 : 0,
    closes_at: parsed.closesAt ?? null,
    questions,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateSurvey(trx, id, changes);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'survey.update',
      objectType: 'survey',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { title: parsed.title, closesAt: changes.closes_at },
    });
  });
  return surveyOf(ctx, actor, { ...row, ...changes });
}

export async function listSurveys(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Survey[]> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  const rows = await repository.surveysOf(ctx.db, workspaceId);
  const counts = await repository.responseCounts(
    ctx.db,
    rows.map((row) => row.id),
  );
  const answered = await repository.receiptsOf(
    ctx.db,
    actor.userId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSurvey(row, counts.get(row.id) ?? 0, answered.has(row.id)));
}

export async function getSurvey(ctx: AppContext, actor: Actor, id: string): Promise<Survey> {
  return surveyOf(ctx, actor, await loadSurvey(ctx, actor, id));
}

/** Answers a survey once (`now` injectable for tests of the closing time). */
export async function answerSurvey(
  ctx: AppContext,
  actor: Actor,
  id: string,
  answers: SurveyAnswers,
  now = new Date(),
): Promise<void> {
  const row = await loadSurvey(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'content.write');
  if (row.closes_at && row.closes_at <= nowIso(now)) throw new AppError('SURVEY_CLOSED', 'The survey is closed');
  const questions = JSON.parse(row.questions) as Question[];
  const problems = answerProblems(questions, answers);
  if (Object.keys(problems).length > 0)
    throw new AppError(
      'SURVEY_ANSWERS_INVALID',
      'Some answers are missing or not valid',
      Object.entries(problems).map(([question, message]) => ({ path: `body.answers.${question}`, message })),
    );
  const stored = await ctx.db.transaction().execute(async (trx) => {
    const isNew = await repository.insertResponse(
      trx,
      {
        id: randomUUID(),
        survey_id: id,
        respondent_id: row.anonymous === 1 ? null : actor.userId,
        answers: JSON.stringify(answers),
        // An anonymous response carries the day only: the minute would tell who answered when.
        submitted_at: row.anonymous === 1 ? `${nowIso(now).slice(0, 10)}T00:00:00.000Z` : nowIso(now),
      },
      actor.userId,
    );
    return isNew;
  });
  if (!stored) throw new AppError('SURVEY_ALREADY_ANSWERED', 'You have already answered this survey');
}

function assertStaffOf(actor: Actor, workspaceId: string): void {
  if (!isCourseStaff(actor, workspaceId)) throw new AppError('FORBIDDEN', 'Only the course staff read survey results');
}

interface ResponseData {
  id: string;
  submittedAt: string;
  respondent: string | null;
  answers: SurveyAnswers;
}

async function responsesData(db: Db, row: SurveyRow): Promise<ResponseData[]> {
  const rows = await repository.responsesOf(db, row.id);
  const names = await authRepository.displayNamesOf(
    db,
    rows.flatMap((r) => (r.respondent_id ? [r.respondent_id] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    submittedAt: r.submitted_at,
    respondent: r.respondent_id ? (names.get(r.respondent_id) ?? r.respondent_id) : null,
    answers: JSON.parse(r.answers) as SurveyAnswers,
  }));
}

/** Aggregated results of a survey's responses (staff). */
export async function surveyResults(ctx: AppContext, actor: Actor, id: string): Promise<SurveyResults> {
  const row = await loadSurvey(ctx, actor, id);
  assertStaffOf(actor, row.workspace_id);
  return resultsOf(ctx.db, row);
}

export async function resultsOf(db: Db, row: SurveyRow): Promise<SurveyResults> {
  const responses = await repository.responsesOf(db, row.id);
  return {
    surveyId: row.id,
    responses: responses.length,
    questions: aggregate(
      JSON.parse(row.questions) as Question[],
      responses.map((r) => JSON.parse(r.answers) as SurveyAnswers),
    ),
  };
}

/** Surveys of a course with their results (the report reads them). */
export async function courseSurveyResults(db: Db, workspaceId: string) {
  const rows = await repository.surveysOf(db, workspaceId);
  return Promise.all(
    rows.map(async (row) => ({
      survey: toSurvey(row, 0, false),
      results: await resultsOf(db, row),
      rawCsv: () => rawCsvOf(db, row, { withRespondents: false }),
    })),
  );
}

/** The raw data as CSV (UTF-8 with BOM, so Excel reads the Japanese), one row per response. */
export async function surveyCsv(ctx: AppContext, actor: Actor, id: string): Promise<string> {
  const row = await loadSurvey(ctx, actor, id);
  assertStaffOf(actor, row.workspace_id);
  return rawCsvOf(ctx.db, row, { withRespondents: true });
}

/** The raw data of a survey as CSV; without respondents for copies that leave the course (the deliverables). */
export async function rawCsvOf(db: Db, row: SurveyRow, options: { withRespondents: boolean }): Promise<string> {
  const data = await responsesData(db, row);
  const { header, rows } = rawTable(
    JSON.parse(row.questions) as Question[],
    options.withRespondents ? data : data.map((response) => ({ ...response, respondent: null })),
  );
  const line = (cells: readonly (string | number | null)[]) =>
    cells.map((c) => csvField(c === null ? '' : String(c))).join(',');
  return `\uFEFF${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** The raw data as XLSX: responses, codebook, and a summary with data bars per option. */
export async function surveyXlsx(ctx: AppContext, actor: Actor, id: string): Promise<Buffer> {
  const row = await loadSurvey(ctx, actor, id);
  assertStaffOf(actor, row.workspace_id);
  const questions = JSON.parse(row.questions) as Question[];
  const data = await responsesData(ctx.db, row);
  const { header, rows } = rawTable(questions, data);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Renkei';
  const responses = workbook.addWorksheet('responses');
  responses.addRow(header).font = { bold: true };
  for (const cells of rows) responses.addRow(cells);
  responses.views = [{ state: 'frozen', ySplit: 1 }];
  const book = workbook.addWorksheet('codebook');
  for (const [index, cells] of codebook(questions).entries()) {
    const added = book.addRow(cells);
    if (index === 0) added.font = { bold: true };
  }
  book.columns.forEach((column) => (column.width = 30));
  const summary = workbook.addWorksheet('summary');
  summary.addRow(['question', 'option', 'count', 'percent', 'mean', 'median']).font = { bold: true };
  const results = aggregate(
    questions,
    data.map((d) => d.answers),
  );
  for (const result of results) {
    if (result.type === 'text') {
      for (const text of result.texts) summary.addRow([result.id, text]);
      continue;
    }
    const first = summary.rowCount + 1;
    for (const [index, count] of result.counts.entries())
      summary.addRow([
        index === 0 ? `${result.id} ${result.text}` : '',
        count.option,
        count.count,
        count.percent,
        index === 0 ? result.mean : null,
        index === 0 ? result.median : null,
      ]);
    // Excel draws each option's share as a bar: the chart of the summary.
    summary.addConditionalFormatting({
      ref: `D${first}:D${summary.rowCount}`,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'num', value: 100 },
          ],
          color: { argb: 'FF3B82F6' },
        } as ExcelJS.DataBarRuleType,
      ],
    });
  }
  summary.getColumn(1).width = 40;
  summary.getColumn(2).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The QR code of the address where the survey is answered (shown on the screen in class). */
export async function surveyQrSvg(ctx: AppContext, actor: Actor, id: string, origin: string): Promise<string> {
  const row = await loadSurvey(ctx, actor, id);
  return QRCode.toString(`${ctx.config.publicUrl ?? origin}/surveys/${row.id}`, { type: 'svg', margin: 1 });
}
