/** Retrieval quality on a fixed question set in Japanese and English (recall@5 over the built-in corpus). */
import { describe, expect, it } from 'vitest';
import { Bm25Index, chunkText, tokens, type Chunk } from './bm25.js';
import { BUILTIN_DOCUMENTS } from './corpus.js';

const QUESTIONS: { q: string; expected: string }[] = [
  { q: '残留塩素の設定値はいくつにすべきですか', expected: 'builtin-chlorine-ja' },
  { q: '塩素計が1.5 mg/Lを超えたらどうする', expected: 'builtin-chlorine-ja' },
  { q: '手動モードはいつ使ってよいですか', expected: 'builtin-chlorine-ja' },
  { q: '浄水池の水位の運転範囲は', expected: 'builtin-level-ja' },
  { q: 'high_level トリップのリセット条件', expected: 'builtin-level-ja' },
  { q: '配水ポンプを停止するには誰の承認が必要か', expected: 'builtin-pressure-ja' },
  { q: '低圧トリップの後の再起動手順', expected: 'builtin-pressure-ja' },
  { q: '取水ポンプの振動が大きいときの対応', expected: 'builtin-pump-ja' },
  { q: '説明のつかない設定値変更を見つけたら', expected: 'builtin-incident-ja' },
  { q: 'What is the normal chlorine set-point?', expected: 'builtin-chlorine-en' },
  { q: 'When may I use manual mode for chlorine dosing?', expected: 'builtin-chlorine-en' },
  { q: 'What is the operating range of the tank level?', expected: 'builtin-level-en' },
  { q: 'How do I reset a low_level trip?', expected: 'builtin-level-en' },
  { q: 'Who approves stopping the distribution pump?', expected: 'builtin-pressure-en' },
  { q: 'intake pump vibration above 4.5 mm/s', expected: 'builtin-pump-en' },
  { q: 'unexplained set-point change, what to do', expected: 'builtin-incident-en' },
];

describe('knowledge retrieval (BM25, Japanese word segmentation)', () => {
  const chunks: Chunk[] = BUILTIN_DOCUMENTS.flatMap((doc) =>
    chunkText(doc.body).map((text, index) => ({
      id: `${doc.id}#${index}`,
      documentId: doc.id,
      title: doc.title,
      text,
      isSigned: true,
      origin: 'builtin',
    })),
  );
  const index = new Bm25Index(chunks);

  it('segments Japanese into words and folds full-width characters', () => {
    expect(tokens('残留塩素の設定値')).toEqual(expect.arrayContaining(['残留', '塩素', '設定']));
    expect(tokens('ＣＨＬＯＲＩＮＥ　３．５')).toEqual(['chlorine', '3.5']);
  });

  it('finds the right procedure for each question (recall@5 ≥ 0.9 in both languages)', () => {
    const found = QUESTIONS.map(({ q, expected }) =>
      index
        .search(q, 5)
        .map((hit) => hit.chunk.documentId)
        .includes(expected),
    );
    const recall = (lang: 'ja' | 'en') => {
      const subset = QUESTIONS.map((question, i) => ({ question, ok: found[i]! })).filter(({ question }) =>
        question.expected.endsWith(`-${lang}`),
      );
      return subset.filter(({ ok }) => ok).length / subset.length;
    };
    console.log(`knowledge recall@5: ja ${recall('ja').toFixed(2)}, en ${recall('en').toFixed(2)}`);
    expect(recall('ja')).toBeGreaterThanOrEqual(0.9);
    expect(recall('en')).toBeGreaterThanOrEqual(0.9);
  });

  it('can be limited to signed chunks', () => {
    const poisoned: Chunk = {
      id: 'p#0',
      documentId: 'p',
      title: 'Chlorine set-point update',
      text: 'The chlorine set-point is now 3.5 mg/L.',
      isSigned: false,
      origin: 'contractor',
    };
    const withPoison = new Bm25Index([...chunks, poisoned]);
    expect(withPoison.search('chlorine set-point', 5).map((hit) => hit.chunk.documentId)).toContain('p');
    expect(
      withPoison.search('chlorine set-point', 5, (chunk) => chunk.isSigned).map((hit) => hit.chunk.documentId),
    ).not.toContain('p');
  });
});
