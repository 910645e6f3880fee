import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Material, RenderedDeck } from '@renkei/contracts';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { addMember, makeUser, makeWorkspace, signIn, type Client } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/test-runtime.js';
import { barChartPng } from '../report/index.js';
import { parseDeck } from './deck.js';

const DECK = `# AI セキュリティ概論

重要インフラで AI を使うときの**脅威**を学びます。

- プロンプトインジェクション
- データ汚染
- 過剰な権限

出典: OWASP Top 10 for LLM Applications 2025

Note: ここで受講者の業務での AI 利用を尋ねる。

---

## 図: 浄水場と運転支援 AI

![構成図](plant.png)

| 脅威 | 対策 |
| --- | --- |
| データ汚染 | 署名付き文書 |

出典: MITRE ATLAS AML.T0051

---

# まとめ

AI事業者ガイドラインと ISO/IEC 42001 の管理策を自組織に当てはめる。長い日本語の文は、行の途中でも読みやすい位置で改行されなければなりません。
`;

describe('a Markdown deck', () => {
  it('splits slides at ---, takes titles, notes and citations apart', () => {
    const slides = parseDeck(DECK);
    expect(slides.map((s) => s.title)).toEqual(['AI セキュリティ概論', '図: 浄水場と運転支援 AI', 'まとめ']);
    expect(slides[0]!.blocks).toEqual([
      { kind: 'paragraph', text: '重要インフラで AI を使うときの脅威を学びます。' },
      { kind: 'list', ordered: false, items: ['プロンプトインジェクション', 'データ汚染', '過剰な権限'] },
    ]);
    expect(slides[0]!.citations).toEqual(['OWASP Top 10 for LLM Applications 2025']);
    expect(slides[0]!.notes).toBe('ここで受講者の業務での AI 利用を尋ねる。');
    expect(slides[1]!.blocks[0]).toEqual({ kind: 'image', src: 'plant.png', alt: '構成図' });
    expect(slides[1]!.blocks[1]).toEqual({
      kind: 'table',
      header: ['脅威', '対策'],
      rows: [['データ汚染', '署名付き文書']],
    });
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: teaching material — written once, read in the app, exported as PPTX, PDF and DOCX`, () => {
    let test: TestApp;
    let workspaceId: string;
    let instructor: Client;
    let trainee: Client;
    let outsider: Client;
    let material: Material;
    const folder = mkdtempSync(path.join(tmpdir(), 'renkei-material-'));

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
      trainee = await make(workspaceId, 'trainee');
      outsider = await make(other, 'instructor');
    });
    afterAll(async () => {
      await test.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    it('is written by instructors with its images, and read by the course only', async () => {
      const created = await instructor.post(`/api/workspaces/${workspaceId}/materials`, {
        code: 'L1',
        title: 'AI セキュリティ概論',
        titleEn: 'AI security basics',
        markdownJa: DECK,
        markdownEn:
          '# AI security basics\n\nThreats of AI in critical infrastructure.\n\nNote: ask about their AI use.',
      });
      expect(created.statusCode).toBe(201);
      material = created.json<Material>();
      expect(
        (await trainee.post(`/api/workspaces/${workspaceId}/materials`, { code: 'X', title: 'x' })).statusCode,
      ).toBe(403);
      const again = await instructor.post(`/api/workspaces/${workspaceId}/materials`, { code: 'L1', title: 'dup' });
      expect(again.statusCode).toBe(400);

      const png = barChartPng([3, 1], { width: 120 }).png;
      const upload = await instructor.request({
        method: 'PUT',
        url: `/api/materials/${material.id}/images/plant.png`,
        headers: { 'content-type': 'image/png' },
        payload: png,
      });
      expect(upload.statusCode).toBe(204);
      const lying = await instructor.request({
        method: 'PUT',
        url: `/api/materials/${material.id}/images/evil.png`,
        headers: { 'content-type': 'image/png' },
        payload: Buffer.from('<svg onload="alert(1)"></svg>'),
      });
      expect(lying.statusCode).toBe(400);
      const image = await trainee.get(`/api/materials/${material.id}/images/plant.png`);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.rawPayload.equals(png)).toBe(true);
      expect((await outsider.get(`/api/materials/${material.id}/images/plant.png`)).statusCode).toBe(404);
      expect((await outsider.get(`/api/materials/${material.id}`)).statusCode).toBe(404);

      const deck = (await trainee.get(`/api/materials/${material.id}/slides?lang=ja`)).json<RenderedDeck>();
      expect(deck.slides).toHaveLength(3);
      expect(deck.slides[0]!.html).toContain('<strong>脅威</strong>');
      expect(deck.slides[0]!.html).not.toContain('ここで受講者');
      expect(deck.slides[1]!.html).toContain(`src="/api/materials/${material.id}/images/plant.png"`);
      const english = (await trainee.get(`/api/materials/${material.id}/slides?lang=en`)).json<RenderedDeck>();
      expect(english.slides[0]!.title).toBe('AI security basics');
    });

    it('exports PPTX slides with notes, a PDF handout with Japanese embedded, and DOCX', async () => {
      const pptx = await trainee.get(`/api/materials/${material.id}/export.pptx?lang=ja`);
      expect(pptx.statusCode).toBe(200);
      const slides = await JSZip.loadAsync(pptx.rawPayload);
      const names = Object.keys(slides.files);
      expect(names.filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))).toHaveLength(3);
      const first = await slides.file('ppt/slides/slide1.xml')!.async('string');
      expect(first).toContain('AI セキュリティ概論');
      expect(first).toContain('プロンプトインジェクション');
      expect(first).toContain('出典: OWASP Top 10 for LLM Applications 2025');
      const notes = names.filter((name) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(name));
      const noteTexts = await Promise.all(notes.map((name) => slides.file(name)!.async('string')));
      expect(noteTexts.some((xml) => xml.includes('ここで受講者の業務での AI 利用を尋ねる。'))).toBe(true);
      expect(names.some((name) => name.startsWith('ppt/media/'))).toBe(true);

      const pdf = await trainee.get(`/api/materials/${material.id}/export.pdf?lang=ja`);
      const file = path.join(folder, 'handout.pdf');
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const expected of [
        'L1AIセキュリティ概論',
        'プロンプトインジェクション',
        '出典:MITREATLASAML.T0051',
        'ノート',
        'ISO/IEC42001',
      ])
        expect(text, expected).toContain(expected);
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSansJP.*yes/);

      const docx = await trainee.get(`/api/materials/${material.id}/export.docx?lang=en`);
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
      expect(xml).toContain('L1 AI security basics');
      expect(xml).toContain('ask about their AI use.');
    });
  });
}
