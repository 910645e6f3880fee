import { describe, expect, it } from 'vitest';
import { threadOf, type ThreadSnapshot } from './threading.js';

const snapshot: ThreadSnapshot = {
  byTrackingNumber: new Map([['RK-2026-000001', { id: 'tagged' }]]),
  byMessageId: new Map([
    ['<old@x>', { incidentId: 'older-report', receivedAt: '2026-11-01T00:00:00.000Z' }],
    ['<new@x>', { incidentId: 'newer-report', receivedAt: '2026-11-20T00:00:00.000Z' }],
    ['<sent@renkei>', { incidentId: 'our-message', receivedAt: null }],
  ]),
};

describe('threading', () => {
  it('follows the tracking tag first', () => {
    expect(threadOf({ tag: 'RK-2026-000001', replyTo: ['<new@x>'] }, snapshot, new Map())).toBe('tagged');
  });

  it('ignores a tag of no known incident and falls back to the reply headers', () => {
    expect(threadOf({ tag: 'RK-2026-999999', replyTo: ['<new@x>'] }, snapshot, new Map())).toBe('newer-report');
  });

  it("prefers this batch's reports, then the newest earlier report, then a message we sent", () => {
    const all = ['<sent@renkei>', '<old@x>', '<new@x>', '<batch@x>'];
    expect(threadOf({ tag: undefined, replyTo: all }, snapshot, new Map([['<batch@x>', 'in-batch']]))).toBe('in-batch');
    expect(threadOf({ tag: undefined, replyTo: all }, snapshot, new Map())).toBe('newer-report');
    expect(threadOf({ tag: undefined, replyTo: ['<sent@renkei>', '<unknown@x>'] }, snapshot, new Map())).toBe(
      'our-message',
    );
  });

  it('threads nothing without a tag or a known Message-ID', () => {
    expect(threadOf({ tag: undefined, replyTo: ['<unknown@x>'] }, snapshot, new Map())).toBeUndefined();
    expect(threadOf({ tag: undefined }, snapshot, new Map())).toBeUndefined();
  });
});
