// Both languages have every text, none empty (the types check the keys; this checks the values).
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ja } from './ja.js';

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (typeof value !== 'object' || value === null) return new Map([[prefix, value]]);
  for (const [key, child] of Object.entries(value))
    for (const entry of leaves(child, prefix ? `${prefix}.${key}` : key)) found.set(...entry);
  return found;
}

describe('translations', () => {
  const japanese = leaves(ja);
  const english = leaves(en);

  it('have the same keys in Japanese and English', () => {
    expect([...english.keys()].sort()).toEqual([...japanese.keys()].sort());
  });

  it('have a non-empty text for every key in both languages', () => {
    const empty = [...japanese, ...english].filter(([, text]) => typeof text !== 'string' || text.trim() === '');
    expect(empty).toEqual([]);
    expect(japanese.size).toBeGreaterThan(300);
  });

  it("show the server's problems in both languages", () => {
    expect(japanese.get('errors.INCIDENT_NOT_FOUND')).toBe('インシデントが見つかりません。');
    expect(english.get('errors.INCIDENT_NOT_FOUND')).toBe('Incident not found.');
  });
});
