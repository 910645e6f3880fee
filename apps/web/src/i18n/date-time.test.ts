import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from './date-time.js';

describe('dates and times', () => {
  it('shows Japanese readers Japan Standard Time, whatever the browser zone', () => {
    // 15:30 UTC is 00:30 the next day in Tokyo.
    const text = dateTimeFormat('ja').format(new Date('2026-12-04T15:30:00Z'));
    expect(text).toBe('2026/12/05 0:30');
  });
});
