import { TLP_LEVELS, RECIPIENT_KINDS, type RecipientKind, type Tlp } from '@renkei/contracts';
import { describe, expect, it } from 'vitest';
import { recipientKindOf, redactVictim, sharingProblems } from './sharing.js';

const hosting = {
  people: ['hanako@hosting.test'],
  organisation: ['abuse@hosting.test', 'noc@hosting-ops.test'],
  website: 'https://www.hosting.test/',
};

describe('TLP-safe sharing', () => {
  it('tells named people, one organisation and a community apart', () => {
    expect(recipientKindOf(['Hanako@Hosting.test'], hosting)).toBe('person');
    expect(recipientKindOf(['abuse@hosting.test'], hosting)).toBe('organisation');
    // Another address at the organisation's own domains (its addresses, its web site) is the organisation.
    expect(recipientKindOf(['security@hosting.test', 'hanako@hosting.test'], hosting)).toBe('organisation');
    expect(recipientKindOf(['ops@noc.hosting-ops.test'], hosting)).toBe('organisation');
    expect(recipientKindOf(['abuse@hosting.test', 'cert@other.test'], hosting)).toBe('community');
    // Outside the directory one registered domain is one organisation.
    expect(recipientKindOf(['abuse@isp.co.jp', 'noc@mail.isp.co.jp'], null)).toBe('organisation');
    expect(recipientKindOf(['abuse@isp.co.jp', 'abuse@other.co.jp'], null)).toBe('community');
  });

  it('allows each label exactly the recipient kinds TLP 2.0 allows', () => {
    const allowed: Record<Tlp, RecipientKind[]> = {
      CLEAR: ['person', 'organisation', 'community', 'public'],
      GREEN: ['person', 'organisation', 'community'],
      AMBER: ['person', 'organisation'],
      'AMBER+STRICT': ['person', 'organisation'],
      RED: ['person'],
    };
    for (const tlp of TLP_LEVELS)
      for (const kind of RECIPIENT_KINDS) {
        const problems = sharingProblems(tlp, kind, ['someone@example.test']);
        expect({ tlp, kind, refused: problems.length > 0 }).toEqual({
          tlp,
          kind,
          refused: !allowed[tlp].includes(kind),
        });
      }
    expect(sharingProblems('RED', 'organisation', ['abuse@hosting.test'])[0]?.message).toMatch(/named people/);
    expect(sharingProblems('CLEAR', 'person', [])[0]?.code).toBe('no_recipients');
  });

  it("removes the victim's name, address and organisation, also percent-encoded in URLs, and counts them", () => {
    const text = [
      '被害者: 山田太郎 (Example Bank)',
      'Target: hxxp://phish.test/login?u=taro%40bank.test#taro@bank.test',
      'Reported by TARO@BANK.TEST',
      'Short names like "Al" are left alone.',
    ].join('\n');
    const result = redactVictim(
      text,
      [
        { kind: 'name', value: '山田太郎' },
        { kind: 'email', value: 'taro@bank.test' },
        { kind: 'organisation', value: 'Example Bank' },
        { kind: 'name', value: 'Al' },
      ],
      '[withheld]',
    );
    expect(result.text).not.toMatch(/山田太郎|taro|Example Bank/i);
    expect(result.text).toContain('hxxp://phish.test/login?u=[withheld]#[withheld]');
    expect(result.text).toContain('"Al"');
    expect(Object.fromEntries(result.redactions.map((r) => [r.kind, r.count]))).toEqual({
      email: 3,
      name: 1,
      organisation: 1,
    });
  });
});
