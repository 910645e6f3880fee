import { describe, expect, it } from 'vitest';
import { isMbox, splitMbox } from './mail-import.js';

describe('mbox detection', () => {
  it('takes a file for an mbox only at a real separator line followed by headers', () => {
    const separator =
      'From sender@example.org Mon Nov 23 10:00:00 2026\nReturn-Path: <a@b.example>\nSubject: x\n\nbody\n';
    expect(isMbox(Buffer.from(separator))).toBe(true);
    expect(splitMbox(Buffer.from(separator))).toHaveLength(1);
    // A message whose first header line is "From : …" (or "From: …") is one message, kept as it is.
    for (const eml of [
      'From : "Bank" <info@bank.example>\r\nSubject: verify\r\n\r\nbody\r\n',
      'From: info@bank.example\r\nSubject: verify\r\n\r\nbody\r\n',
      'From someone who writes prose\nnot headers\n',
    ])
      expect(isMbox(Buffer.from(eml))).toBe(false);
  });
});
