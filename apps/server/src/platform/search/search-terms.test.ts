import { describe, expect, it } from 'vitest';
import { queryTerms, searchWords, searchWordsWith } from './search-terms.js';

describe('search words', () => {
  it('keeps each distinct word once, in order of first appearance, folded', () => {
    expect(searchWords('Phishing report', 'The PHISHING site\r\nthe site')).toBe('phishing report the site');
    expect(searchWords('ＡＢＣ　ｘｙｚ')).toBe('abc xyz');
    expect(searchWords('', '  \n ')).toBe('');
  });

  it('leaves out the encoded bytes of data: URIs, keeping their media type', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAALUAAABUCAYAAAD'.repeat(20);
    expect(searchWords(`Reset access [data:image/png;base64,${png}] now`)).toBe(
      'reset access [data:image/png;base64,] now',
    );
    // Short payloads and text that only mentions base64 are words like any other.
    expect(searchWords('data:text/plain;base64,SGk= base64,abc')).toBe('data:text/plain;base64,sgk= base64,abc');
  });

  it('keeps Japanese runs without spaces as single words', () => {
    expect(searchWords('フィッシングサイトの報告 フィッシングサイトの報告\n停止依頼')).toBe(
      'フィッシングサイトの報告 停止依頼',
    );
  });

  it('finds a term exactly where the full text would', () => {
    const text =
      'Please take down hxxps://evil[.]example/login and 203.0.113.5 — 銀行を装ったフィッシングサイト。\nÄrger über evil.example';
    const words = searchWords(text);
    const folded = text.normalize('NFKC').toLowerCase();
    for (const term of [
      'evil[.]example/login',
      'evil.example',
      '装ったフィッシング',
      'ärger',
      'übe',
      '113.5',
      'take',
      'down hxxps',
    ]) {
      for (const part of queryTerms(term)) expect(words.includes(part)).toBe(folded.includes(part));
    }
  });

  it('gives the same words from words already computed (as parse workers do for a body)', () => {
    const bodies = [
      'Phishing REPORT\r\nthe site ＡＢＣ　ｘｙｚ the SITE',
      '銀行を装ったフィッシングサイト。\n停止依頼 フィッシングサイト。',
      'Ärger über İstanbul ΟΔΟΣ hxxps://evil[.]example/A',
      '',
      'report rk-2026-000001',
    ];
    const wordSet = (words: string) => words.split(' ').filter(Boolean).sort();
    for (const body of bodies) {
      expect(searchWords('RK-2026-000001 Report', searchWords(body))).toBe(searchWords('RK-2026-000001 Report', body));
      const merged = searchWordsWith(searchWords(body), 'RK-2026-000001 Report');
      expect(wordSet(merged)).toEqual(wordSet(searchWords('RK-2026-000001 Report', body)));
      expect(new Set(wordSet(merged)).size).toBe(wordSet(merged).length);
    }
    expect(searchWordsWith('the site', 'The SITE')).toBe('the site');
    expect(searchWordsWith('', 'Title')).toBe('title');
    expect(searchWordsWith('site', 'sit site')).toBe('sit site');
  });

  it('splits and folds queries the same way', () => {
    expect(queryTerms('  DEFACED\u3000ｈｏｓｔｉｎｇ ')).toEqual(['defaced', 'hosting']);
    expect(queryTerms(' \t')).toEqual([]);
  });
});
