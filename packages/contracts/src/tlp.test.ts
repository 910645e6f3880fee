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
