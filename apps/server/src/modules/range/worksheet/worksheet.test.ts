import type { FrameworkReference, Group, Participant, RiskRow, Worksheet } from '@renkei/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { riskOf } from './frameworks.js';

describe('risk of a row', () => {
  it('is likelihood × impact with its level', () => {
    expect(riskOf(1, 5)).toEqual({ risk: 5, level: 'low' });
    expect(riskOf(2, 3)).toEqual({ risk: 6, level: 'medium' });
    expect(riskOf(3, 4)).toEqual({ risk: 12, level: 'high' });
    expect(riskOf(4, 5)).toEqual({ risk: 20, level: 'critical' });
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: group risk-assessment worksheets`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    const members: Client[] = [];
    let other: Client;
    let outsider: Client;
    let groups: Group[];

    beforeAll(async () => {
      test = await createTestApp(dialect);
      workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const elsewhere = (await makeWorkspace(test.ctx, 'range_course')).id;
      const make = async (ws: string, role: 'instructor' | 'trainee') => {
        const user = await makeUser(test.ctx);
        await addMember(test.ctx, ws, user.id, role);
        return { client: await signIn(test.app, user.username), username: user.username };
      };
      instructor = (await make(workspaceId, 'instructor')).client;
      const trainees = [
        await make(workspaceId, 'trainee'),
        await make(workspaceId, 'trainee'),
        await make(workspaceId, 'trainee'),
      ];
      outsider = (await make(elsewhere, 'instructor')).client;
      await instructor.post(`/api/workspaces/${workspaceId}/participants/import`, {
        format: 'csv',
        content: 'name,organisation\nA,電力A\nB,電力A\nC,水道B\nD,水道B\n',
      });
      groups = (await instructor.post(`/api/workspaces/${workspaceId}/groups`, { size: 2 })).json<Group[]>();
      const participants = (await instructor.get(`/api/workspaces/${workspaceId}/participants`)).json<Participant[]>();
      const inFirst = participants.filter((p) => p.groupId === groups[0]!.id);
      const inSecond = participants.filter((p) => p.groupId === groups[1]!.id);
      // Two trainees in the first group, one in the second.
      for (const [participant, trainee] of [
        [inFirst[0]!, trainees[0]!],
        [inFirst[1]!, trainees[1]!],
        [inSecond[0]!, trainees[2]!],
      ] as const) {
        const linked = await instructor.put(`/api/participants/${participant.id}/account`, {
          username: trainee.username,
        });
        expect(linked.statusCode).toBe(200);
      }
      members.push(trainees[0]!.client, trainees[1]!.client);
      other = trainees[2]!.client;
      expect(
        (await instructor.put(`/api/participants/${inSecond[1]!.id}/account`, { username: 'nobody-here' })).statusCode,
      ).toBe(400);
    });
    afterAll(() => test.destroy());

    it('lets the group edit its worksheet, refuses a stale edit, and shows it to the whole course', async () => {
      const references = (await members[0]!.get('/api/frameworks')).json<FrameworkReference[]>();
      expect(references.map((r) => r.id)).toEqual(
        expect.arrayContaining([
          'owasp-llm:LLM01',
          'atlas:AML.T0051',
          'nist-ai-rmf:MAP 1',
          'iso42001:A.7',
          'ai-guidelines:C5',
        ]),
      );
      const groupId = groups[0]!.id;
      const added = await members[0]!.post(`/api/groups/${groupId}/worksheet/rows`, {
        useCase: '運転支援チャットボット',
        asset: '運転手順書（RAG）',
        threat: '手順書への指示の埋め込み',
        vulnerability: '署名のない文書を取り込む',
        likelihood: 4,
        impact: 5,
        controls: '署名付き文書のみ参照',
        frameworks: ['owasp-llm:LLM04', 'atlas:AML.T0051', 'iso42001:A.7', 'ai-guidelines:C5'],
      });
      expect(added.statusCode).toBe(201);
      const row = added.json<RiskRow>();
      expect(row).toMatchObject({ risk: 20, level: 'critical', version: 1 });
      expect(
        (
          await members[0]!.post(`/api/groups/${groupId}/worksheet/rows`, {
            likelihood: 1,
            impact: 1,
            frameworks: ['made-up:1'],
          })
        ).statusCode,
      ).toBe(400);

      // Two members edit the same row from version 1: the second is refused, nothing is lost.
      const first = await members[1]!.put(`/api/risk-rows/${row.id}`, { ...row, likelihood: 3, version: 1 });
      expect(first.json<RiskRow>()).toMatchObject({ version: 2, risk: 15, level: 'high' });
      const stale = await members[0]!.put(`/api/risk-rows/${row.id}`, { ...row, controls: '人の承認', version: 1 });
      expect(stale.statusCode).toBe(409);
      const merged = await members[0]!.put(`/api/risk-rows/${row.id}`, {
        ...first.json<RiskRow>(),
        controls: '署名付き文書のみ参照、人の承認',
        version: 2,
      });
      expect(merged.json<RiskRow>()).toMatchObject({
        version: 3,
        likelihood: 3,
        controls: '署名付き文書のみ参照、人の承認',
      });

      // Another group reads it (presentations) but does not edit it; another course sees nothing.
      const seen = (await other.get(`/api/groups/${groupId}/worksheet`)).json<Worksheet>();
      expect(seen).toMatchObject({
        mayEdit: false,
        rows: [expect.objectContaining({ threat: '手順書への指示の埋め込み' })],
      });
      expect((await other.put(`/api/risk-rows/${row.id}`, { ...row, version: 3 })).statusCode).toBe(403);
      expect((await members[0]!.get(`/api/groups/${groupId}/worksheet`)).json<Worksheet>().mayEdit).toBe(true);
      expect((await outsider.get(`/api/groups/${groupId}/worksheet`)).statusCode).toBe(404);
      expect((await outsider.delete(`/api/risk-rows/${row.id}`)).statusCode).toBe(404);
    });

    it('exports every group as a sheet, frameworks by their titles', async () => {
      const xlsx = await instructor.get(`/api/workspaces/${workspaceId}/worksheets.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(groups.map((g) => g.name));
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getRow(2).getCell(3).text).toBe('手順書への指示の埋め込み');
      expect(sheet.getRow(2).getCell(7).value).toBe(15);
      expect(sheet.getRow(2).getCell(10).text).toContain(
        'OWASP Top 10 for LLM Applications 2025: LLM04 Data and Model Poisoning',
      );
      expect(sheet.getRow(2).getCell(10).text).toContain('AI事業者ガイドライン: セキュリティ確保');
    });
  });
}
