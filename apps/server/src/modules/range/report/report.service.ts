/**
 * The implementation report (issue 16): gathered from what happened in the course — the
 * timetable, attendance, surveys, reflections — plus the sections staff write (insights,
 * improvements, appendix), which are kept when the report is generated again; as DOCX and PDF,
 * and with the plan and the survey data as one deliverables archive. Staff only.
 * @module
 */
import { reportSectionsSchema, type ReportSections } from '@renkei/contracts';
import { csvField } from '@renkei/feeds';
import JSZip from 'jszip';
import type { z } from 'zod';
import {
  AppError,
  assertPermission,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { implementationPlanDocx, isCourseStaff, participantRows, readCourse } from '../course/index.js';
import { reflectionSummaryOf } from '../reflection/index.js';
import { codebook, courseSurveyResults } from '../survey/index.js';
import { courseMaterials } from '../material/index.js';
import { eventCountsOfCourse, plantsOfCourse } from '../plant/index.js';
import { traceSummaryOf } from '../gateway/index.js';
import * as repository from './report.repository.js';
import type { ReportData } from './report-data.js';
import { implementationReportDocx } from './report-docx.js';
import { implementationReportPdf } from './report-pdf.js';

function assertStaff(actor: Actor, workspaceId: string): void {
  assertPermission(actor, workspaceId, 'content.read');
  if (!isCourseStaff(actor, workspaceId)) throw new AppError('FORBIDDEN', 'Only the course staff make the report');
}

const count = (values: readonly (string | null)[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value ?? '（未記入）', (counts.get(value ?? '（未記入）') ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'ja'));
};

/** Everything the report says, from the database. */
export async function reportData(db: Db, workspaceId: string, now = new Date()): Promise<ReportData> {
  const course = await readCourse(db, workspaceId);
  if (!course) throw new AppError('COURSE_NOT_FOUND', 'Plan the course first: the report starts from it');
  const participants = await participantRows(db, workspaceId);
  const attendance = course.days.map(
    (_, index) => participants.filter((p) => (JSON.parse(p.attendance) as number[]).includes(index + 1)).length,
  );
  const sections = await repository.findSections(db, workspaceId);
  const plants = await plantsOfCourse(db, workspaceId);
  const trace = await traceSummaryOf(
    db,
    plants.map((plant) => plant.id),
  );
  return {
    course,
    participants: {
      total: participants.length,
      byOrganisation: count(participants.map((p) => p.organisation)),
      bySector: count(participants.map((p) => p.sector)),
      attendance,
      groups: new Set(participants.flatMap((p) => (p.group_id ? [p.group_id] : []))).size,
    },
    surveys: await courseSurveyResults(db, workspaceId),
    labs: {
      plants: plants.length,
      events: (await eventCountsOfCourse(db, workspaceId)).sort((a, b) => b.count - a.count),
      modelCalls: trace.calls,
      defended: trace.defended,
      failedCalls: trace.failed,
    },
    reflections: await reflectionSummaryOf(db, workspaceId),
    sections: {
      insights: sections?.insights ?? '',
      improvements: sections?.improvements ?? '',
      appendix: sections?.appendix ?? '',
    },
    generatedAt: nowIso(now),
  };
}

export async function getSections(ctx: AppContext, actor: Actor, workspaceId: string): Promise<ReportSections> {
  assertStaff(actor, workspaceId);
  const row = await repository.findSections(ctx.db, workspaceId);
  return { insights: row?.insights ?? '', improvements: row?.improvements ?? '', appendix: row?.appendix ?? '' };
}

export async function saveSections(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: z.input<typeof reportSectionsSchema>,
): Promise<ReportSections> {
  assertStaff(actor, workspaceId);
  const parsed = reportSectionsSchema.parse(input);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.saveSections(trx, {
      workspace_id: workspaceId,
      ...parsed,
      updated_by: actor.userId,
      updated_at: nowIso(),
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'report-sections.save',
      objectType: 'course',
      objectId: workspaceId,
      workspaceId,
    });
  });
  return parsed;
}

export async function reportDocx(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Buffer> {
  assertStaff(actor, workspaceId);
  return implementationReportDocx(await reportData(ctx.db, workspaceId));
}

export async function reportPdf(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Buffer> {
  assertStaff(actor, workspaceId);
  return implementationReportPdf(await reportData(ctx.db, workspaceId));
}

const csvCell = (value: string | number | null) => csvField(value === null ? '' : String(value));

/**
 * The deliverables as one ZIP: the report (DOCX, PDF), the implementation plan, and for each
 * survey its aggregated results, its codebook and its raw data (CSV; respondents left out, so
 * the copy that leaves the course names nobody — staff download named data from the survey),
 * and the teaching material as PPTX and PDF.
 */
export async function deliverables(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Buffer> {
  assertStaff(actor, workspaceId);
  const data = await reportData(ctx.db, workspaceId);
  const zip = new JSZip();
  zip.file('01_実施報告書.docx', await implementationReportDocx(data));
  zip.file('02_実施報告書.pdf', await implementationReportPdf(data));
  zip.file('03_実施計画書.docx', await implementationPlanDocx(data.course));
  for (const [index, { survey, results, rawCsv }] of data.surveys.entries()) {
    const prefix = `04_アンケート${index + 1}`;
    const lines = [['question', 'text', 'option', 'count', 'percent', 'mean', 'median'].join(',')];
    for (const question of results.questions) {
      if (question.type === 'text')
        for (const answer of question.texts)
          lines.push([question.id, question.text, answer, '', '', '', ''].map(csvCell).join(','));
      else
        for (const option of question.counts)
          lines.push(
            [question.id, question.text, option.option, option.count, option.percent, question.mean, question.median]
              .map(csvCell)
              .join(','),
          );
    }
    zip.file(`${prefix}_集計.csv`, `\uFEFF${lines.join('\r\n')}\r\n`);
    zip.file(
      `${prefix}_コードブック.csv`,
      `\uFEFF${codebook(survey.questions)
        .map((row) => row.map(csvCell).join(','))
        .join('\r\n')}\r\n`,
    );
    // Raw data, one row per response, without respondents: the copy that leaves the course names nobody.
    zip.file(`${prefix}_回答データ.csv`, await rawCsv());
  }
  for (const file of await courseMaterials(ctx, workspaceId)) zip.file(`05_教材/${file.fileName}`, file.bytes);
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'report.deliverables',
    objectType: 'course',
    objectId: workspaceId,
    workspaceId,
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
