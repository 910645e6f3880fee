import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Participant, Reflection, ReflectionSummary, Survey } from '@renkei/contracts';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { plantRuntime, startPlantRuntime } from '../plant/index.js';
import { barChartPng } from './bar-chart.js';

describe('bar chart image', () => {
  it('is a PNG whose bars are as long as their values', () => {
    const { png, width, height } = barChartPng([10, 5, 0], { width: 100 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(width);
    expect(png.readUInt32BE(20)).toBe(height);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: reflections and the implementation report`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    let trainees: Client[];
    let outsider: Client;
    const folder = mkdtempSync(path.join(tmpdir(), 'renkei-report-'));

    beforeAll(async () => {
      test = await createTestApp(dialect, {
        rangeModbusBasePort: 20_000 + Math.floor(Math.random() * 10_000),
        rangeMqttPort: 0,
      });
      // The labs run on the plant runtime (its clock stopped: nothing moves unless asked).
      await startPlantRuntime(test.ctx, { startClock: false });
      workspaceId = (await makeWorkspace(test.ctx, 'range_course')).id;
      const other = (await makeWorkspace(test.ctx, 'range_course')).id;
      const make = async (ws: string, role: 'instructor' | 'trainee') => {
        const user = await makeUser(test.ctx);
        await addMember(test.ctx, ws, user.id, role);
        return signIn(test.app, user.username);
      };
      instructor = await make(workspaceId, 'instructor');
      trainees = [await make(workspaceId, 'trainee'), await make(workspaceId, 'trainee')];
      outsider = await make(other, 'instructor');
      await instructor.put(`/api/workspaces/${workspaceId}/course`, {
        title: '重要インフラ AI セキュリティ演習',
        organiser: '主催機関',
        days: ['2027-02-01', '2027-02-02'],
        goals: 'AI を組み込んだ制御システムの脅威と対策を体験する',
        services: 'モデル: renkei-simulator（決定的シミュレータ）',
      });
      await instructor.post(`/api/workspaces/${workspaceId}/course/blocks`, {
        day: 1,
        start: '10:00',
        end: '12:00',
        kind: 'lecture',
        title: 'AI セキュリティ概論',
        material: 'L1 OWASP Top 10 for LLM',
      });
      await instructor.post(`/api/workspaces/${workspaceId}/participants/import`, {
        format: 'csv',
        content: 'name,organisation,sector\nA,電力会社,電力\nB,水道局,水道\nC,電力会社,電力\n',
      });
      const participants = (await instructor.get(`/api/workspaces/${workspaceId}/participants`)).json<Participant[]>();
      await instructor.put(`/api/participants/${participants[0]!.id}/attendance`, { days: [1, 2] });
      await instructor.put(`/api/participants/${participants[1]!.id}/attendance`, { days: [1] });
      const survey = (
        await instructor.post(`/api/workspaces/${workspaceId}/surveys`, {
          title: '受講後アンケート',
          questions: [
            { id: 'Q1', type: 'likert', text: '満足度', options: ['1', '2', '3', '4', '5'], required: true },
            { id: 'Q2', type: 'text', text: '自由意見' },
          ],
        })
      ).json<Survey>();
      // A lab ran: a plant whose safety trip was bypassed (a logged event).
      const plant = (await instructor.post(`/api/workspaces/${workspaceId}/plants`, { name: 'プラント 1' })).json<{
        id: string;
      }>();
      const bypass = await instructor.post(`/api/plants/${plant.id}/trips/chlorine_overdose/bypass`, {
        isBypassed: true,
        reason: '演習: バイパスの影響',
      });
      expect(bypass.statusCode).toBe(200);
      await trainees[0]!.post(`/api/surveys/${survey.id}/responses`, {
        answers: { Q1: '5', Q2: '制御系への影響が実感できた' },
      });
      await trainees[1]!.post(`/api/surveys/${survey.id}/responses`, { answers: { Q1: '4' } });
    });
    afterAll(async () => {
      await plantRuntime(test.ctx).stop();
      await test.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    it('keeps each trainee to their own reflection; staff tag them and mark key opinions', async () => {
      const mine = await trainees[0]!.put(`/api/workspaces/${workspaceId}/reflections/mine`, {
        learnt: 'RAG の文書汚染で運転支援が誤る',
        apply: '自社の手順書管理に署名を導入する',
      });
      expect(mine.statusCode).toBe(200);
      await trainees[1]!.put(`/api/workspaces/${workspaceId}/reflections/mine`, {
        learnt: 'エージェントの権限は最小に',
      });
      expect(
        (await trainees[1]!.get(`/api/workspaces/${workspaceId}/reflections/mine`)).json<Reflection>().learnt,
      ).toBe('エージェントの権限は最小に');
      expect((await trainees[0]!.get(`/api/workspaces/${workspaceId}/reflections`)).statusCode).toBe(403);
      const all = (await instructor.get(`/api/workspaces/${workspaceId}/reflections`)).json<Reflection[]>();
      expect(all).toHaveLength(2);
      const first = all.find((r) => r.learnt.startsWith('RAG'))!;
      const tagged = await instructor.put(`/api/reflections/${first.id}/tags`, {
        tags: ['データ汚染', '手順書'],
        keyOpinion: true,
      });
      expect(tagged.json<Reflection>()).toMatchObject({ tags: ['データ汚染', '手順書'], keyOpinion: true });
      await instructor.put(`/api/reflections/${all.find((r) => r !== first)!.id}/tags`, { tags: ['データ汚染'] });
      expect((await trainees[0]!.put(`/api/reflections/${first.id}/tags`, { tags: ['x'] })).statusCode).toBe(404);
      expect((await outsider.put(`/api/reflections/${first.id}/tags`, { tags: ['x'] })).statusCode).toBe(404);
      // Rewriting one's reflection keeps the staff's tags.
      await trainees[0]!.put(`/api/workspaces/${workspaceId}/reflections/mine`, {
        learnt: 'RAG の文書汚染で運転支援が誤る（追記）',
      });
      const summary = (
        await instructor.get(`/api/workspaces/${workspaceId}/reflections/summary`)
      ).json<ReflectionSummary>();
      expect(summary.tags).toEqual([
        { tag: 'データ汚染', count: 2 },
        { tag: '手順書', count: 1 },
      ]);
      expect(summary.keyOpinions.map((o) => o.learnt)).toEqual(['RAG の文書汚染で運転支援が誤る（追記）']);
    });

    it('writes the report as DOCX and PDF in Japanese with the font embedded, keeping the written sections', async () => {
      await instructor.put(`/api/workspaces/${workspaceId}/report/sections`, {
        insights: '受講者はデータ汚染の影響を具体的に理解した。',
        improvements: '演習時間を 30 分延ばす。',
      });
      expect((await trainees[0]!.get(`/api/workspaces/${workspaceId}/report.docx`)).statusCode).toBe(403);
      expect((await outsider.get(`/api/workspaces/${workspaceId}/report.pdf`)).statusCode).toBe(404);

      const docx = await instructor.get(`/api/workspaces/${workspaceId}/report.docx`);
      expect(docx.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(docx.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const text of [
        '実施報告書',
        '演習の実施状況',
        '模擬プラント 1 基',
        'SIS のバイパス',
        'AI セキュリティ概論',
        'L1 OWASP Top 10 for LLM',
        '受講後アンケート（回答 2 件）',
        '平均 4.50',
        '制御系への影響が実感できた',
        'データ汚染',
        '受講者はデータ汚染の影響を具体的に理解した。',
        '演習時間を 30 分延ばす。',
        'renkei-simulator',
      ])
        expect(xml, text).toContain(text);
      // Charts are images in the document: sectors, lab events, Q1, tags (identical pictures stored once).
      expect(xml.match(/<w:drawing>/g)?.length).toBe(4);
      expect(Object.keys(zip.files).some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true);

      const pdf = await instructor.get(`/api/workspaces/${workspaceId}/report.pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const file = path.join(folder, 'report.pdf');
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const expected of [
        '実施報告書',
        '模擬プラント1基',
        'SISのバイパス',
        'AIセキュリティ概論',
        '受講後アンケート（回答2件）',
        '平均4.50',
        'データ汚染',
        '演習時間を30分延ばす。',
        '1/3名',
      ])
        expect(text, expected).toContain(expected);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSansJP/);
      // Every font is embedded (the "emb" column says yes for each row).
      const rows = fonts
        .split('\n')
        .slice(2)
        .filter((line) => line.trim());
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatch(/\byes\b/);
    });

    it('bundles the report, the plan and the survey data (respondents left out) as one archive', async () => {
      const bundle = await instructor.get(`/api/workspaces/${workspaceId}/deliverables.zip`);
      expect(bundle.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(bundle.rawPayload);
      expect(Object.keys(zip.files).sort()).toEqual([
        '01_実施報告書.docx',
        '02_実施報告書.pdf',
        '03_実施計画書.docx',
        '04_アンケート1_コードブック.csv',
        '04_アンケート1_回答データ.csv',
        '04_アンケート1_集計.csv',
      ]);
      const aggregated = await zip.file('04_アンケート1_集計.csv')!.async('string');
      expect(aggregated).toContain('Q1,満足度,5 5,1,50,4.5,4.5');
      const raw = (await zip.file('04_アンケート1_回答データ.csv')!.async('string')).trim().split('\r\n');
      expect(raw).toHaveLength(3);
      for (const line of raw.slice(1)) expect(line.split(',')[2]).toBe('');
    });
  });
}
