import { describe, expect, it } from 'vitest';
import { searchWordsWith } from '../../search/search-terms.js';
import { postgresHelpers } from './postgres.js';
import { keysLiteral, mergeKeys, trigramKeys } from './trigram-keys.js';

const list = (text: string) => [...trigramKeys(text)];
const union = (...texts: string[]) => [...new Set(texts.flatMap(list))].sort((a, b) => a - b);

describe('trigramKeys', () => {
  it('gives one key per distinct run of three code points inside a word, ascending', () => {
    const keys = list('abcd bcd abc');
    expect(keys).toHaveLength(2);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(list('abcd')).toEqual(keys);
  });

  it('never makes a key across white space, and none for words under three code points', () => {
    expect(list('ab cd\u3000ef\tgh\n')).toEqual([]);
    expect(list('abc def')).toEqual(union('abc', 'def'));
    expect(list('')).toEqual([]);
  });

  it('tells runs apart by order', () => {
    expect(list('abc')).not.toEqual(list('cba'));
    expect(list('abc')).not.toEqual(list('bca'));
  });

  it('counts a character outside the BMP (a surrogate pair) as one code point', () => {
    expect(list('𠮷野家')).toHaveLength(1);
    expect(list('𠮷野')).toEqual([]);
  });

  it("gives every key of a term found inside a document's word (what the index relies on)", () => {
    const words = '銀行を装ったフィッシングサイト hxxps://bank-login[.]example/konto 𠮷野家の🍣寿司 zugangsdaten.';
    const keys = new Set(list(words));
    for (const term of ['フィッシング', 'login[.]example', '野家の🍣', 'daten.', 'を装っ']) {
      expect(list(term).length).toBeGreaterThan(0);
      for (const key of list(term)) expect(keys.has(key)).toBe(true);
    }
  });

  it('is the union of its words’ keys, whatever the text’s size (the scratch set grows and is reused)', () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}語${i % 97}`);
    const big = words.join(' ');
    expect(list(big)).toEqual(union(...words));
    expect(list('abcd')).toEqual(union('abc', 'bcd'));
    expect(list(big)).toEqual(union(...words));
  });

  it('merges two ascending sets of keys into their union, as keying the joined words gives', () => {
    expect([...mergeKeys(Int32Array.from([-9, 1, 4, 8]), Int32Array.from([-9, 2, 4, 10, 11]))]).toEqual([
      -9, 1, 2, 4, 8, 10, 11,
    ]);
    expect([...mergeKeys(new Int32Array(0), Int32Array.from([3]))]).toEqual([3]);
    expect([...mergeKeys(Int32Array.from([3]), new Int32Array(0))]).toEqual([3]);
    const body = Array.from({ length: 500 }, (_, i) => `語${i % 37}word${i.toString(36)}`).join(' ');
    const title = 'RK-2026-000123 フィッシングサイト報告 word1z';
    expect([...mergeKeys(trigramKeys(title), trigramKeys(body))]).toEqual(list(`${title} ${body}`));
  });

  it('keys only the words added before keys computed elsewhere (a title before a parse worker’s body words), with the same result', () => {
    const words = 'hxxps://bank-login[.]example/konto 銀行を装ったフィッシングサイト please take it down.';
    for (const title of ['rk-2026-000001 フィッシングサイト', 'please take it down.', '']) {
      const terms = searchWordsWith(words, title);
      expect(postgresHelpers.searchIndexColumns(terms, { words, keys: trigramKeys(words) })).toEqual(
        postgresHelpers.searchIndexColumns(terms),
      );
    }
    // Keys that do not belong to the tail of the terms are not trusted.
    expect(postgresHelpers.searchIndexColumns('abc def', { words: 'xyz', keys: trigramKeys('xyz') })).toEqual(
      postgresHelpers.searchIndexColumns('abc def'),
    );
  });

  it('writes keys as a PostgreSQL array literal', () => {
    expect(keysLiteral(Int32Array.from([-5, 0, 7]))).toBe('{-5,0,7}');
    expect(keysLiteral(new Int32Array(0))).toBe('{}');
  });
});
