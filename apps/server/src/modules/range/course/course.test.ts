import type { Block, Course, Group, Participant, ParticipantImportResult, SignInCode } from '@renkei/contracts';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { balanceGroups } from './roster.js';

describe('groups balanced by organisation and sector', () => {
  it('spreads each organisation over the groups and keeps sizes within one', () => {
    const people = Array.from({ length: 25 }, (_, i) => ({
      id: `p${String(i).padStart(2, '0')}`,
      organisation: ['電力A', '電力A', '電力A', '水道B', '水道B', 'ガスC', `個別${i}`][i % 7] ?? null,
      sector: ['電力', '水道', 'ガス', '化学', '鉄道'][i % 5] ?? null,
    }));
    const groups = balanceGroups(people, 5);
    expect(groups).toHaveLength(5);
    const sizes = groups.map((g) => g.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(groups.flat()).toHaveLength(25);
    // 電力A has 12 people over 5 groups: no group holds more than its share rounded up.
    for (const group of groups) expect(group.filter((p) => p.organisation === '電力A').length).toBeLessThanOrEqual(3);
    expect(balanceGroups(people, 5)).toEqual(groups);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the course — timetable, participants, groups, attendance, implementation plan`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    let assistant: Client;
    let trainee: Client;
    let outsider: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const other = (await makeWorkspace(test.ctx, 'range_course')).id;
      const clients: Client[] = [];
      for (const [ws, role] of [
        [workspaceId, 'instructor'],
        [workspaceId, 'assistant'],
        [workspaceId, 'trainee'],
        [other, 'instructor'],
      ] as const) {
        const user = await makeUser(test.ctx);
        await addMember(test.ctx, ws, user.id, role);
        clients.push(await signIn(test.app, user.username));
      }
      [instructor, assistant, trainee, outsider] = clients as [Client, Client, Client, Client];
    });
    afterAll(() => test.destroy());

    it('plans two days of blocks, flags overlaps, and exports the implementation plan as DOCX', async () => {
      expect((await instructor.get(`/api/workspaces/${workspaceId}/course`)).statusCode).toBe(404);
      const saved = await instructor.put(`/api/workspaces/${workspaceId}/course`, {
        title: '重要インフラにおける AI セキュリティ演習',
        organiser: '内閣サイバー',
        venue: '東京',
        days: ['2027-02-01', '2027-02-02'],
        goals: 'AI を組み込んだ OT の脅威を理解し、対策を実践する',
        staffing: '講師 2 名、講習補助員 3 名',
        services: 'Renkei range（模擬浄水場、renkei-simulator）',
      });
      expect(saved.statusCode).toBe(200);
      const add = (body: Record<string, unknown>) =>
        instructor.post(`/api/workspaces/${workspaceId}/course/blocks`, body);
      const lecture = (
        await add({
          day: 1,
          start: '10:00',
          end: '11:30',
          kind: 'lecture',
          title: 'AI セキュリティの基礎',
          material: 'L1 AI事業者ガイドライン',
          instructors: ['山田'],
        })
      ).json<Block>();
      await add({ day: 1, start: '11:30', end: '12:30', kind: 'break', title: '昼休憩' });
      await add({
        day: 1,
        start: '12:30',
        end: '15:00',
        kind: 'hands_on',
        title: 'プロンプトインジェクション演習',
        labs: ['lab-rag-injection'],
        assistants: ['佐藤'],
      });
      const overlapping = (
        await add({ day: 1, start: '14:30', end: '16:00', kind: 'group_work', title: 'リスク評価' })
      ).json<Block>();
      await add({ day: 2, start: '10:00', end: '12:00', kind: 'reflection', title: '振り返り' });
      expect((await add({ day: 3, start: '10:00', end: '11:00', kind: 'lecture', title: 'x' })).statusCode).toBe(400);
      expect((await add({ day: 1, start: '11:00', end: '10:00', kind: 'lecture', title: 'x' })).statusCode).toBe(400);

      const course = (await trainee.get(`/api/workspaces/${workspaceId}/course`)).json<Course>();
      expect(course.blocks.map((b) => b.title)).toEqual([
        'AI セキュリティの基礎',
        '昼休憩',
        'プロンプトインジェクション演習',
        'リスク評価',
        '振り返り',
      ]);
      expect(course.overlaps).toHaveLength(1);
      expect(course.overlaps[0]).toContain(overlapping.id);
      expect((await instructor.delete(`/api/course-blocks/${overlapping.id}`)).statusCode).toBe(204);
      expect((await instructor.get(`/api/workspaces/${workspaceId}/course`)).json<Course>().overlaps).toEqual([]);

      // Trainees read the timetable; they do not plan it; another course sees nothing.
      expect((await trainee.put(`/api/course-blocks/${lecture.id}`, { ...lecture, title: 'x' })).statusCode).toBe(403);
      expect(
        (
          await assistant.post(`/api/workspaces/${workspaceId}/course/blocks`, {
            day: 1,
            start: '16:00',
            end: '17:00',
            kind: 'lecture',
            title: 'x',
          })
        ).statusCode,
      ).toBe(403);
      expect((await outsider.get(`/api/workspaces/${workspaceId}/course`)).statusCode).toBe(404);
      expect((await outsider.delete(`/api/course-blocks/${lecture.id}`)).statusCode).toBe(404);

      const plan = await trainee.get(`/api/workspaces/${workspaceId}/course/plan.docx`);
      expect(plan.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(plan.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const text of [
        '実施計画書',
        '実施体制',
        '講師 2 名',
        '1 日目（2027-02-01）',
        'AI セキュリティの基礎',
        'プロンプトインジェクション演習',
        'lab-rag-injection',
        '佐藤（補助）',
        'L1 AI事業者ガイドライン',
      ])
        expect(xml).toContain(text);
      expect(xml).toContain('Noto Sans JP');
    });

    it('imports participants from CSV and XLSX, reporting each bad row, then forms balanced groups and records attendance', async () => {
      const csv = [
        '氏名,所属,業種,メール',
        '山田 太郎,電力A,電力,taro@denryoku-a.test',
        ',水道B,水道,nobody@suido-b.test',
        '鈴木 花子,水道B,水道,not-an-address',
        '佐藤 次郎,ガスC,ガス,jiro@gas-c.test',
        '田中 三郎,電力A,電力,taro@denryoku-a.test',
      ].join('\n');
      const imported = (
        await instructor.post(`/api/workspaces/${workspaceId}/participants/import`, { format: 'csv', content: csv })
      ).json<ParticipantImportResult>();
      expect(imported.imported).toBe(2);
      expect(imported.rejected).toEqual([
        { row: 3, problems: ['name: empty'] },
        { row: 4, problems: ['email: not an address (not-an-address)'] },
        { row: 6, problems: ['email: listed twice (taro@denryoku-a.test)'] },
      ]);

      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('名簿');
      sheet.addRow(['name', 'organisation', 'sector', 'email']);
      for (let i = 0; i < 8; i++)
        sheet.addRow([
          `受講者 ${i}`,
          ['電力A', '鉄道D', '化学E'][i % 3],
          ['電力', '鉄道', '化学'][i % 3],
          `t${i}@example.test`,
        ]);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
      const fromXlsx = (
        await instructor.post(`/api/workspaces/${workspaceId}/participants/import`, { format: 'xlsx', content: xlsx })
      ).json<ParticipantImportResult>();
      expect(fromXlsx).toEqual({ imported: 8, rejected: [] });
      const broken = await instructor.post(`/api/workspaces/${workspaceId}/participants/import`, {
        format: 'xlsx',
        content: Buffer.from('not a workbook').toString('base64'),
      });
      expect(broken.statusCode).toBe(422);

      const participants = (await assistant.get(`/api/workspaces/${workspaceId}/participants`)).json<Participant[]>();
      expect(participants).toHaveLength(10);
      expect((await trainee.get(`/api/workspaces/${workspaceId}/participants`)).statusCode).toBe(403);

      const groups = (await instructor.post(`/api/workspaces/${workspaceId}/groups`, { size: 5 })).json<Group[]>();
      expect(groups.map((g) => g.participantIds.length).sort()).toEqual([5, 5]);
      expect((await trainee.get(`/api/workspaces/${workspaceId}/groups`)).json<Group[]>()).toHaveLength(2);
      const moved = await instructor.put(`/api/participants/${participants[0]!.id}/group`, { groupId: groups[1]!.id });
      expect(moved.json<Participant>().groupId).toBe(groups[1]!.id);

      const present = await assistant.put(`/api/participants/${participants[0]!.id}/attendance`, { days: [2, 1, 1] });
      expect(present.json<Participant>().attendance).toEqual([1, 2]);
      expect((await trainee.put(`/api/participants/${participants[0]!.id}/attendance`, { days: [1] })).statusCode).toBe(
        404,
      );
      expect(
        (await outsider.put(`/api/participants/${participants[0]!.id}/attendance`, { days: [1] })).statusCode,
      ).toBe(404);
    });

    it('signs a trainee in with a one-time code (also as a QR code), once', async () => {
      const participant = (await instructor.get(`/api/workspaces/${workspaceId}/participants`)).json<
        Participant[]
      >()[1]!;
      expect((await trainee.post(`/api/participants/${participant.id}/sign-in-code`)).statusCode).toBe(404);
      const issued = await instructor.post(`/api/participants/${participant.id}/sign-in-code`);
      expect(issued.statusCode).toBe(200);
      const code = issued.json<SignInCode>();
      expect(code.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(code.url).toContain(`/sign-in/code#${code.code}`);
      expect(code.qrSvg).toMatch(/^<svg/);

      const typed = code.code.toLowerCase().replace('-', ' ');
      const signedIn = await test.app.inject({
        method: 'POST',
        url: '/api/public/sign-in-code',
        payload: { code: typed },
      });
      expect(signedIn.statusCode).toBe(200);
      const cookie = signedIn.cookies.find((c) => c.name === 'renkei_session')!;
      const me = await test.app.inject({
        method: 'GET',
        url: `/api/workspaces/${workspaceId}/course`,
        headers: { cookie: `renkei_session=${cookie.value}` },
      });
      expect(me.statusCode).toBe(200);
      expect(signedIn.json<{ user: { displayName: string } }>().user.displayName).toBe(participant.name);
      const again = await test.app.inject({
        method: 'POST',
        url: '/api/public/sign-in-code',
        payload: { code: code.code },
      });
      expect(again.statusCode).toBe(401);
      expect(again.json<{ code: string }>().code).toBe('SIGN_IN_CODE_INVALID');
      const linked = (await instructor.get(`/api/workspaces/${workspaceId}/participants`)).json<Participant[]>()[1]!;
      expect(linked.userId).not.toBeNull();
    });
  });
}
