import { describe, expect, it } from 'vitest';
import { threadOf, type ThreadSnapshot } from './threading.js';

const snapshot: ThreadSnapshot = {
  byTrackingNumber: new Map([['RK-2026-000001', { id: 'tagged' }]]),
  byMessageId: new Map([
    ['<old@x>', { incidentId: 'older-report', receivedAt: '2026-11-01T00:00:00.000Z', sender: 'r@x' }],
    ['<new@x>', { incidentId: 'newer-report', receivedAt: '2026-11-20T00:00:00.000Z', sender: 'r@x' }],
    ['<sent@renkei>', { incidentId: 'our-message', receivedAt: null }],
  ]),
};

describe('threading', () => {
  it('follows the tracking tag first', () => {
    expect(threadOf({ tag: 'RK-2026-000001', replyTo: ['<new@x>'] }, snapshot, new Map())).toBe('tagged');
  });

  it('ignores a tag of no known incident and falls back to the reply headers', () => {
    expect(threadOf({ tag: 'RK-2026-999999', replyTo: ['<new@x>'], sender: 'r@x' }, snapshot, new Map())).toBe(
      'newer-report',
    );
  });

  it("prefers this batch's reports, then the newest earlier report, then a message we sent", () => {
    const all = ['<sent@renkei>', '<old@x>', '<new@x>', '<batch@x>'];
    const batch = new Map([['<batch@x>', { incidentId: 'in-batch', sender: 'r@x' }]]);
    expect(threadOf({ tag: undefined, replyTo: all, sender: 'r@x' }, snapshot, batch)).toBe('in-batch');
    expect(threadOf({ tag: undefined, replyTo: all, sender: 'r@x' }, snapshot, new Map())).toBe('newer-report');
    expect(threadOf({ tag: undefined, replyTo: ['<sent@renkei>', '<unknown@x>'] }, snapshot, new Map())).toBe(
      'our-message',
    );
  });

  it('threads a reply to a received report only from its own sender (phishing forges References)', () => {
    const batch = new Map([['<batch@x>', { incidentId: 'in-batch', sender: 'r@x' }]]);
    const all = ['<old@x>', '<new@x>', '<batch@x>'];
    expect(threadOf({ tag: undefined, replyTo: all, sender: 'stranger@y' }, snapshot, batch)).toBeUndefined();
    expect(threadOf({ tag: undefined, replyTo: all }, snapshot, batch)).toBeUndefined();
    // A reply to a message we sent is claimed through correspondence, whoever sends it.
    expect(threadOf({ tag: undefined, replyTo: ['<sent@renkei>'], sender: 'stranger@y' }, snapshot, batch)).toBe(
      'our-message',
    );
  });

  it('threads nothing without a tag or a known Message-ID', () => {
    expect(threadOf({ tag: undefined, replyTo: ['<unknown@x>'] }, snapshot, new Map())).toBeUndefined();
    expect(threadOf({ tag: undefined }, snapshot, new Map())).toBeUndefined();
  });
});
