import { describe, expect, it } from 'vitest';
import { DEFAULT_CLEARANCE, ROLES } from './roles.js';
import { TLP_LEVELS, isTlpWithin, maxTlp, tlpLevelsWithin } from './tlp.js';

describe('TLP 2.0', () => {
  it('orders labels from CLEAR to RED', () => {
    expect(TLP_LEVELS).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect(isTlpWithin('AMBER', 'AMBER+STRICT')).toBe(true);
    expect(isTlpWithin('AMBER+STRICT', 'AMBER')).toBe(false);
    expect(tlpLevelsWithin('GREEN')).toEqual(['CLEAR', 'GREEN']);
    expect(maxTlp('GREEN', 'RED')).toBe('RED');
  });

  it('keeps external roles below AMBER+STRICT (organisation-only) and RED', () => {
    for (const role of ['partner', 'vendor'] as const) {
      expect(isTlpWithin('AMBER+STRICT', DEFAULT_CLEARANCE[role])).toBe(false);
    }
    expect(ROLES.every((role) => DEFAULT_CLEARANCE[role] !== undefined)).toBe(true);
  });
});

describe('quarantine reasons', () => {
  it('gives every reason intake writes a code a person can read in their language', async () => {
    const { quarantineReasonCode } = await import('./quarantine.js');
    expect(quarantineReasonCode('the message has no content')).toBe('no_content');
    expect(quarantineReasonCode('no headers and no body: not an e-mail message')).toBe('not_mail');
    expect(quarantineReasonCode('cannot parse the message: Unexpected end')).toBe('unparseable');
    expect(quarantineReasonCode('larger than 26214400 bytes')).toBe('too_large');
    expect(quarantineReasonCode('reading the message took longer than 60000 ms')).toBe('read_limit');
    expect(quarantineReasonCode('the PGP message is damaged: bad packet')).toBe('pgp');
    expect(quarantineReasonCode('something new')).toBe('other');
  });
});
