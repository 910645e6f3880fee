import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMbox, mailPaths, MboxSplitter, readMailPaths, splitMbox } from './mail-import.js';

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

// Three messages: LF and CRLF line ends, escaped body lines (mboxrd), an unescaped "From" that
// is not a separator (no sender after it), short quoted lines, Shift_JIS bytes, and no line break at the very end.
const MESSAGES = [
  Buffer.from('Subject: one\n\n>From here on, nothing is a separator\n>>From the quoted reply\nFrom\n>>\n>Fro\n'),
  Buffer.concat([
    Buffer.from('Subject: two\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n'),
    Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x0d, 0x0a]),
    Buffer.from('x'.repeat(3000)),
  ]),
  Buffer.from('Subject: three\n\nlast line without a line break'),
];
const MBOX = Buffer.concat([
  Buffer.from('From a@example.org Mon Nov 23 10:00:00 2026\n'),
  MESSAGES[0]!,
  Buffer.from('\nFrom b@example.org Mon Nov 23 10:00:01 2026\r\n'),
  MESSAGES[1]!,
  Buffer.from('\r\nFrom c@example.org Mon Nov 23 10:00:02 2026\n'),
  MESSAGES[2]!,
]);
// What the messages are once read: one `>` less before an escaped `From `.
const UNESCAPED = [
  Buffer.from('Subject: one\n\nFrom here on, nothing is a separator\n>From the quoted reply\nFrom\n>>\n>Fro\n'),
  MESSAGES[1]!,
  MESSAGES[2]!,
];

describe('mbox splitting', () => {
  it('splits an mbox into its messages byte for byte, unescaping mboxrd body lines', () => {
    expect(splitMbox(MBOX)).toEqual(UNESCAPED);
  });

  it('splits the same whatever the chunks the file arrives in', () => {
    for (const size of [1, 2, 5, 6, 7, 64, 1000, 4096]) {
      const splitter = new MboxSplitter();
      const messages: Buffer[] = [];
      for (let start = 0; start < MBOX.length; start += size)
        messages.push(...splitter.push(MBOX.subarray(start, start + size)));
      messages.push(...splitter.end());
      expect(messages, `chunks of ${size} bytes`).toEqual(UNESCAPED);
    }
  });

  it('reads .eml files whole and mbox files message by message, telling the bytes read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-mbox-'));
    try {
      const eml = Buffer.from('From : "Bank" <info@bank.example>\r\nSubject: verify\r\n\r\nbody\r\n');
      writeFileSync(path.join(dir, 'a.eml'), eml);
      writeFileSync(path.join(dir, 'b.mbox'), MBOX);
      const read: { source: string; raw: Buffer }[] = [];
      const progress: number[] = [];
      for await (const message of readMailPaths(mailPaths([dir]), (bytes) => progress.push(bytes))) read.push(message);
      expect(read.map((m) => path.basename(m.source))).toEqual(['a.eml', 'b.mbox#1', 'b.mbox#2', 'b.mbox#3']);
      expect(read.map((m) => m.raw)).toEqual([eml, ...UNESCAPED]);
      expect(progress.at(-1)).toBe(eml.length + MBOX.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('walks a mailbox export: sub-folders and Maildir++ folders, never the files mail programs keep beside the mail', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-mailtree-'));
    try {
      const files = {
        Inbox: MBOX, // Thunderbird: an mbox without extension
        'Inbox.msf': 'summary',
        'Inbox.sbd/Phishing': MBOX,
        'Inbox.sbd/Phishing.msf': 'summary',
        'maildir/cur/1.host:2,S': 'Subject: a\n\nx',
        'maildir/new/2.host': 'Subject: b\n\nx',
        'maildir/tmp/3.host': 'not yet delivered',
        'maildir/dovecot-uidlist': '3 V1 N2',
        'maildir/.Junk/maildirfolder': '',
        'maildir/.Junk/cur/4.host:2,S': 'Subject: c\n\nx',
        '.DS_Store': 'x',
      };
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      // A link back up the tree is walked once, not for ever.
      symlinkSync(dir, path.join(dir, 'Inbox.sbd', 'loop'));
      expect(mailPaths([dir]).map((found) => path.relative(dir, found.file))).toEqual([
        'Inbox',
        'Inbox.sbd/Phishing',
        'maildir/.Junk/cur/4.host:2,S',
        'maildir/cur/1.host:2,S',
        'maildir/new/2.host',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
