import type { Survey, SurveyResults } from '@renkei/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';

const QUESTIONS = [
  {
    id: 'Q1',
    type: 'likert',
    text: '演習は業務に役立ちますか',
    options: ['全くそう思わない', 'そう思わない', 'どちらでもない', 'そう思う', 'とてもそう思う'],
    required: true,
  },
  { id: 'Q2', type: 'single', text: '所属の業種', options: ['電力', '水道', 'ガス'], required: true },
  { id: 'Q3', type: 'multiple', text: '役立った演習', options: ['RAG', 'エージェント', '異常検知'] },
  { id: 'Q4', type: 'text', text: '水道の方へ: 導入予定の AI', showIf: { question: 'Q2', equals: '水道' } },
  { id: 'Q5', type: 'text', text: '自由意見' },
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: surveys — build, answer once, results, raw data`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    let trainees: Client[];
    let outsider: Client;
    let survey: Survey;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const other = (await makeWorkspace(test.ctx, 'range_course')).id;
      const make = async (ws: string, role: 'instructor' | 'trainee') => {
        const user = await makeUser(test.ctx);
        await addMember(test.ctx, ws, user.id, role);
        return signIn(test.app, user.username);
      };
      instructor = await make(workspaceId, 'instructor');
      trainees = [
        await make(workspaceId, 'trainee'),
        await make(workspaceId, 'trainee'),
        await make(workspaceId, 'trainee'),
        await make(workspaceId, 'trainee'),
      ];
      outsider = await make(other, 'instructor');
    });
    afterAll(() => test.destroy());

    it('refuses a survey whose condition refers to a later question or whose choice has one option', async () => {
      const bad = await instructor.post(`/api/workspaces/${workspaceId}/surveys`, {
        title: 'x',
        questions: [
          { id: 'A', type: 'text', text: 'a', showIf: { question: 'B', equals: '1' } },
          { id: 'B', type: 'single', text: 'b', options: ['only'] },
        ],
      });
      expect(bad.statusCode).toBe(400);
    });

    it('takes each answer once, checks required and conditional questions, and aggregates as computed by hand', async () => {
      const created = await instructor.post(`/api/workspaces/${workspaceId}/surveys`, {
        title: '受講後アンケート',
        anonymous: true,
        questions: QUESTIONS,
      });
      expect(created.statusCode).toBe(201);
      survey = created.json<Survey>();
      expect(
        (await trainees[0]!.post(`/api/workspaces/${workspaceId}/surveys`, { title: 'x', questions: QUESTIONS }))
          .statusCode,
      ).toBe(403);

      const answer = (client: Client, answers: Record<string, unknown>) =>
        client.post(`/api/surveys/${survey.id}/responses`, { answers });
      expect(
        (
          await answer(trainees[0]!, {
            Q1: '5',
            Q2: '水道',
            Q3: ['RAG', 'エージェント'],
            Q4: '需要予測',
            Q5: 'よかった',
          })
        ).statusCode,
      ).toBe(204);
      expect((await answer(trainees[1]!, { Q1: '4', Q2: '電力', Q3: ['RAG'] })).statusCode).toBe(204);
      expect((await answer(trainees[2]!, { Q1: '2', Q2: '電力', Q3: [], Q5: '時間が短い' })).statusCode).toBe(204);

      const twice = await answer(trainees[0]!, { Q1: '1', Q2: '電力' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json<{ code: string }>().code).toBe('SURVEY_ALREADY_ANSWERED');
      const invalid = await answer(trainees[3]!, { Q1: '6', Q3: ['RAG', 'RAG'], Q4: '電力なのに', Q9: 'x' });
      expect(invalid.statusCode).toBe(422);
      const paths = invalid
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort();
      expect(paths).toEqual([
        'body.answers.Q1',
        'body.answers.Q2',
        'body.answers.Q3',
        'body.answers.Q4',
        'body.answers.Q9',
      ]);
      expect(
        (await outsider.post(`/api/surveys/${survey.id}/responses`, { answers: { Q1: '1', Q2: '電力' } })).statusCode,
      ).toBe(404);

      const listed = (await trainees[0]!.get(`/api/workspaces/${workspaceId}/surveys`)).json<Survey[]>();
      expect(listed[0]).toMatchObject({ responses: 3, answered: true });
      expect((await trainees[3]!.get(`/api/surveys/${survey.id}`)).json<Survey>().answered).toBe(false);

      const results = (await instructor.get(`/api/surveys/${survey.id}/results`)).json<SurveyResults>();
      expect(results.responses).toBe(3);
      const [q1, q2, q3, q4, q5] = results.questions;
      // Q1: 5, 4, 2 → mean 3.67, median 4; 1 of 3 = 33.3 % each.
      expect(q1).toMatchObject({ answered: 3, mean: 3.67, median: 4 });
      expect(q1!.counts.map((c) => c.count)).toEqual([0, 1, 0, 1, 1]);
      expect(q1!.counts[1]).toEqual({ option: '2 そう思わない', count: 1, percent: 33.3 });
      expect(q2!.counts).toEqual([
        { option: '電力', count: 2, percent: 66.7 },
        { option: '水道', count: 1, percent: 33.3 },
        { option: 'ガス', count: 0, percent: 0 },
      ]);
      // An empty choice is no answer: 2 answered, RAG chosen by both.
      expect(q3).toMatchObject({ answered: 2 });
      expect(q3!.counts).toEqual([
        { option: 'RAG', count: 2, percent: 100 },
        { option: 'エージェント', count: 1, percent: 50 },
        { option: '異常検知', count: 0, percent: 0 },
      ]);
      expect(q4!.texts).toEqual(['需要予測']);
      // Anonymous responses come in no particular order (the order would tell who answered when).
      expect([...q5!.texts].sort()).toEqual(['よかった', '時間が短い'].sort());
      expect((await trainees[0]!.get(`/api/surveys/${survey.id}/results`)).statusCode).toBe(403);
      const qr = await instructor.get(`/api/surveys/${survey.id}/qr.svg`);
      expect(qr.headers['content-type']).toBe('image/svg+xml');
      expect(qr.body).toMatch(/^<svg[^>]*viewBox/);
      expect((await outsider.get(`/api/surveys/${survey.id}/qr.svg`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/surveys/${survey.id}/results`)).statusCode).toBe(404);
    });

    it('exports raw data as CSV and XLSX with a codebook, anonymous responses without their respondent', async () => {
      const csv = await instructor.get(`/api/surveys/${survey.id}/responses.csv`);
      expect(csv.body.startsWith('\uFEFFresponse,submitted_at,respondent,Q1,Q2,Q3_1,Q3_2,Q3_3,Q4,Q5')).toBe(true);
      const lines = csv.body.trim().split('\r\n');
      expect(lines).toHaveLength(4);
      expect(
        lines
          .slice(1)
          .map((line) => line.split(',').slice(2, 8).join(','))
          .sort(),
      ).toEqual([',2,1,0,0,0', ',4,1,1,0,0', ',5,2,1,1,0']);
      expect(lines[1]).toMatch(/T00:00:00\.000Z/);

      const xlsx = await instructor.get(`/api/surveys/${survey.id}/responses.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['responses', 'codebook', 'summary']);
      expect(workbook.getWorksheet('responses')!.rowCount).toBe(4);
      const codebook = workbook.getWorksheet('codebook')!;
      const q1 = codebook.getRows(1, codebook.rowCount)!.find((row) => row.getCell(1).text === 'Q1')!;
      expect(q1.getCell(4).text).toBe(
        '1 = 全くそう思わない; 2 = そう思わない; 3 = どちらでもない; 4 = そう思う; 5 = とてもそう思う',
      );
      const q4 = codebook.getRows(1, codebook.rowCount)!.find((row) => row.getCell(1).text === 'Q4')!;
      expect(q4.getCell(2).text).toContain('[asked when Q2 = 水道]');
      expect((await trainees[1]!.get(`/api/surveys/${survey.id}/responses.xlsx`)).statusCode).toBe(403);
    });

    it('closes at its closing time, and keeps its questions once answered', async () => {
      const closing = (
        await instructor.post(`/api/workspaces/${workspaceId}/surveys`, {
          title: '締切つき',
          anonymous: false,
          closesAt: '2020-01-01T00:00:00.000Z',
          questions: [{ id: 'A', type: 'text', text: 'a' }],
        })
      ).json<Survey>();
      const late = await trainees[0]!.post(`/api/surveys/${closing.id}/responses`, { answers: { A: 'x' } });
      expect(late.statusCode).toBe(409);
      expect(late.json<{ code: string }>().code).toBe('SURVEY_CLOSED');
      const changed = await instructor.put(`/api/surveys/${survey.id}`, {
        title: '受講後アンケート',
        questions: QUESTIONS.slice(0, 2),
      });
      expect(changed.statusCode).toBe(409);
      const renamed = await instructor.put(`/api/surveys/${survey.id}`, {
        title: '受講後アンケート（確定）',
        questions: QUESTIONS,
      });
      expect(renamed.json<Survey>().title).toBe('受講後アンケート（確定）');
    });
  });
}
