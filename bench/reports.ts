/**
 * The Range programme's reports on SQLite: the full implementation report (DOCX and PDF, with
 * charts and Noto Sans JP embedded) of a two-day course with 25 trainees who attended, answered
 * a 12-question survey and wrote reflections; and the aggregation of 10,000 survey responses
 * read from the database.
 *
 *   npm run bench -- reports      (BENCH_RESPONSES=10000)
 *
 * Prints `reports: <s> s` (report data gathered, DOCX and PDF written), then reports.* lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { builtModule } from './built-server.js';

const RESPONSES = Number(process.env['BENCH_RESPONSES'] ?? 10_000);
const TRAINEES = 25;

const { createWorkspace } =
  await builtModule<typeof import('../apps/server/src/modules/core/admin/index.js')>('modules/core/admin/index.js');
const { createRuntime, loadRenkeiConfig } =
  await builtModule<typeof import('../apps/server/src/runtime.js')>('runtime.js');
const { createUser, loadActor } = await builtModule<typeof import('../apps/server/src/platform/auth/auth.service.js')>(
  'platform/auth/auth.service.js',
);
const { findUserById } = await builtModule<typeof import('../apps/server/src/platform/auth/auth.repository.js')>(
  'platform/auth/auth.repository.js',
);
const { upsertMembership } = await builtModule<
  typeof import('../apps/server/src/platform/access/access.repository.js')
>('platform/access/access.repository.js');
const course = await builtModule<typeof import('../apps/server/src/modules/range/course/course.service.js')>(
  'modules/range/course/course.service.js',
);
const survey = await builtModule<typeof import('../apps/server/src/modules/range/survey/survey.service.js')>(
  'modules/range/survey/survey.service.js',
);
const reflection = await builtModule<
  typeof import('../apps/server/src/modules/range/reflection/reflection.service.js')
>('modules/range/reflection/reflection.service.js');
const report = await builtModule<typeof import('../apps/server/src/modules/range/report/index.js')>(
  'modules/range/report/index.js',
);

const QUESTIONS = [
  ...Array.from({ length: 8 }, (_, i) => ({
    id: `L${i + 1}`,
    type: 'likert' as const,
    text: `演習 ${i + 1} は業務に役立つと思いますか`,
    options: ['全くそう思わない', 'そう思わない', 'どちらでもない', 'そう思う', 'とてもそう思う'],
    required: true,
  })),
  {
    id: 'S1',
    type: 'single' as const,
    text: '業種',
    options: ['電力', '水道', 'ガス', '化学', '鉄道'],
    required: true,
  },
  {
    id: 'M1',
    type: 'multiple' as const,
    text: '役立った演習',
    options: ['RAG', 'エージェント', '異常検知', '予知保全'],
  },
  { id: 'T1', type: 'text' as const, text: '導入予定の AI', showIf: { question: 'S1', equals: '水道' } },
  { id: 'T2', type: 'text' as const, text: '自由意見' },
];

function answersFor(n: number): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (let i = 1; i <= 8; i++) answers[`L${i}`] = String(((n * 7 + i * 3) % 5) + 1);
  const sector = ['電力', '水道', 'ガス', '化学', '鉄道'][n % 5]!;
  answers['S1'] = sector;
  answers['M1'] = ['RAG', 'エージェント', '異常検知', '予知保全'].filter((_, i) => (n >> i) & 1);
  if (sector === '水道') answers['T1'] = `需要予測と異常検知（受講者 ${n}）`;
  answers['T2'] = `制御系への AI 導入では権限管理と監視が重要だと理解した。受講者 ${n} の意見です。`;
  return answers;
}

async function member(
  ctx: Awaited<ReturnType<typeof createRuntime>>['ctx'],
  workspaceId: string,
  name: string,
  role: 'instructor' | 'trainee',
) {
  const user = await createUser(ctx, null, {
    username: name,
    displayName: name,
    locale: 'ja',
    password: 'bench password for everyone',
    isSystemAdmin: false,
  });
  await upsertMembership(ctx.db, {
    workspace_id: workspaceId,
    user_id: user.id,
    role,
    clearance: role === 'instructor' ? 'RED' : 'AMBER',
    created_at: new Date().toISOString(),
  });
  return loadActor(ctx.db, (await findUserById(ctx.db, user.id))!);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'renkei-bench-reports-'));
const runtime = await createRuntime(
  loadRenkeiConfig({}, { dataDir, logLevel: 'warn', rangeMqttPort: 0, smtpPort: 0 }),
  { logger: pino({ level: 'warn' }) },
);
try {
  const { ctx } = runtime;
  const workspace = await createWorkspace(ctx, null, {
    slug: 'bench-course',
    name: 'Bench course',
    kind: 'range_course',
  });
  const instructor = await member(ctx, workspace.id, 'bench-instructor', 'instructor');
  await course.saveCourse(ctx, instructor, workspace.id, {
    title: '重要インフラにおける AI セキュリティ演習',
    organiser: '主催機関',
    venue: '東京都千代田区',
    days: ['2027-02-01', '2027-02-02'],
    goals: 'AI を組み込んだ制御システムに対する攻撃と防御を、模擬プラントで体験し理解する。',
    staffing: '講師 2 名、講習補助員 3 名、事務局 1 名',
    services: 'Renkei range（模擬浄水場、Modbus/TCP、MQTT）、モデル renkei-simulator',
  });
  const blocks = [
    ['10:00', '11:30', 'lecture', 'AI セキュリティ概論'],
    ['11:30', '12:30', 'break', '昼休憩'],
    ['12:30', '14:00', 'hands_on', 'RAG へのデータ汚染'],
    ['14:15', '15:45', 'hands_on', 'エージェントの権限'],
    ['16:00', '17:00', 'group_work', 'リスク評価ワークシート'],
  ] as const;
  for (const day of [1, 2])
    for (const [start, end, kind, title] of blocks)
      await course.addBlock(ctx, instructor, workspace.id, {
        day,
        start,
        end,
        kind,
        title: `${title}（${day} 日目）`,
        material: kind === 'lecture' ? 'L1 AI事業者ガイドライン・NIST AI RMF' : null,
        labs: kind === 'hands_on' ? ['lab-rag', 'lab-agent'] : [],
        instructors: ['山田'],
        assistants: ['佐藤', '鈴木'],
      });
  const roster = [
    'name,organisation,sector,email',
    ...Array.from(
      { length: TRAINEES },
      (_, i) =>
        `受講者 ${i + 1},${['電力A', '水道B', 'ガスC', '化学D', '鉄道E'][i % 5]},${['電力', '水道', 'ガス', '化学', '鉄道'][i % 5]},t${i}@bench.test`,
    ),
  ].join('\n');
  await course.importParticipants(ctx, instructor, workspace.id, { format: 'csv', content: roster });
  await course.formGroups(ctx, instructor, workspace.id, 5);
  for (const participant of await course.listParticipants(ctx, instructor, workspace.id))
    await course.setAttendance(ctx, instructor, participant.id, [1, 2]);
  const built = await survey.createSurvey(ctx, instructor, workspace.id, {
    title: '受講後アンケート',
    questions: QUESTIONS,
  });
  for (let i = 0; i < TRAINEES; i++) {
    const trainee = await member(ctx, workspace.id, `bench-trainee-${i}`, 'trainee');
    await survey.answerSurvey(ctx, trainee, built.id, answersFor(i));
    await reflection.saveOwnReflection(ctx, trainee, workspace.id, {
      learnt: `データ汚染と権限昇格の具体的な影響（受講者 ${i + 1}）`,
      apply: '自組織の手順書管理と AI エージェントの権限設計を見直す',
    });
  }
  for (const item of await reflection.listReflections(ctx, instructor, workspace.id))
    await reflection.tagReflection(ctx, instructor, item.id, {
      tags: ['データ汚染', '権限'],
      keyOpinion: item.learnt.endsWith('1）'),
    });

  const started = performance.now();
  const data = await report.reportData(ctx.db, workspace.id);
  const gathered = performance.now();
  const docx = await report.implementationReportDocx(data);
  const docxDone = performance.now();
  const pdf = await report.implementationReportPdf(data);
  const pdfDone = performance.now();
  console.log(`reports: ${((pdfDone - started) / 1000).toFixed(2)} s`);
  console.log(`reports.gather: ${((gathered - started) / 1000).toFixed(3)} s`);
  console.log(`reports.docx: ${((docxDone - gathered) / 1000).toFixed(3)} s (${Math.round(docx.length / 1024)} KiB)`);
  console.log(`reports.pdf: ${((pdfDone - docxDone) / 1000).toFixed(3)} s (${Math.round(pdf.length / 1024)} KiB)`);

  // 10,000 responses of the same survey in another course, read back and aggregated.
  const big = await createWorkspace(ctx, null, { slug: 'bench-survey', name: 'Bench survey', kind: 'range_course' });
  const bigInstructor = await member(ctx, big.id, 'bench-instructor-2', 'instructor');
  const bigSurvey = await survey.createSurvey(ctx, bigInstructor, big.id, {
    title: '大規模アンケート',
    questions: QUESTIONS,
  });
  const rows = Array.from({ length: RESPONSES }, (_, n) => ({
    id: randomUUID(),
    survey_id: bigSurvey.id,
    respondent_id: null,
    answers: JSON.stringify(answersFor(n)),
    submitted_at: '2027-02-02T00:00:00.000Z',
  }));
  for (let start = 0; start < rows.length; start += 500)
    await ctx.db
      .insertInto('survey_response')
      .values(rows.slice(start, start + 500))
      .execute();
  const aggregateStarted = performance.now();
  const results = await survey.surveyResults(ctx, bigInstructor, bigSurvey.id);
  const aggregateSeconds = (performance.now() - aggregateStarted) / 1000;
  if (results.responses !== RESPONSES) throw new Error(`aggregated ${results.responses} responses, not ${RESPONSES}`);
  console.log(
    `reports.aggregate: ${aggregateSeconds.toFixed(3)} s (${RESPONSES} responses, ${QUESTIONS.length} questions)`,
  );
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
