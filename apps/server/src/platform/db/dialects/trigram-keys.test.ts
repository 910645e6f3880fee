import { describe, expect, it } from 'vitest';
import { keysLiteral, trigramKeys } from './trigram-keys.js';

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

  it('writes keys as a PostgreSQL array literal', () => {
    expect(keysLiteral(Int32Array.from([-5, 0, 7]))).toBe('{-5,0,7}');
    expect(keysLiteral(new Int32Array(0))).toBe('{}');
  });
});
