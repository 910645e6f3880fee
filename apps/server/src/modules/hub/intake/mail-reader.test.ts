import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trigramKeys } from '../../../platform/pure.js';
import { workerExecArgv } from '../../../platform/index.js';
import { readMail, type TimeLimitTimers } from './mail-reader.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/mail');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

describe('parse workers', () => {
  it('read a message exactly as the calling thread does, attachments as Buffers', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        'From: a@example.jp\r\nSubject: evidence\r\nMessage-ID: <w-1@example.jp>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee hxxps://evil-site[.]jp/x and 198.51.100[.]7\r\n--b\r\n',
      ),
      Buffer.from(
        'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="sample.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--b--\r\n',
      ),
    ]);
    const inline = await readMail(raw, { workers: 0 });
    const pooled = await readMail(raw, { workers: 1 });
    expect(pooled).toEqual(inline);
    if (pooled.kind !== 'parsed') throw new Error('expected a parsed message');
    expect(Buffer.isBuffer(pooled.parsed.attachments[0]?.content)).toBe(true);
    expect(pooled.parsed.attachments[0]?.content.equals(Buffer.from([0, 1, 2, 3, 4, 5]))).toBe(true);
    expect(pooled.extracted.observables).toEqual(
      expect.arrayContaining([
        { type: 'url', value: 'https://evil-site.jp/x' },
        { type: 'ipv4', value: '198.51.100.7' },
      ]),
    );
  });

  it('take the text of HTML-only mail however its parts nest, and URLs from every attribute', async () => {
    const html =
      'Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Dear customer,</p><p>your invoice is overdue. Call 03-1234-5678.</p>' +
      '<a href="https://pay.evil-bank.com/x" data-saferedirecturl="https://real.evil-bank.com/login">Pay</a>' +
      '<img src="https://track.evil-bank.com/p.gif"><img srcset="https://img.evil-bank.com/a.png 1x"></body></html>';
    const single = (type: string) =>
      `From: a@b.example\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\nContent-Type: ${type}; boundary="B"\r\n\r\n--B\r\n${html}\r\n--B--\r\n`;
    const nested = `From: a@b.example\r\nSubject: Invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="A"\r\n\r\n--A\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n${html}\r\n--B--\r\n--A--\r\n`;
    for (const raw of [single('multipart/mixed'), single('multipart/alternative'), nested]) {
      const read = await readMail(Buffer.from(raw), { workers: 0 });
      if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.kind === 'quarantine' ? read.reason : ''}`);
      expect(read.parsed.text).toBe('Dear customer,\n\nyour invoice is overdue. Call 03-1234-5678.\n\nPay');
      const urls = read.extracted.observables.filter((o) => o.type === 'url').map((o) => o.value);
      expect(urls).toEqual(
        expect.arrayContaining([
          'https://pay.evil-bank.com/x',
          'https://real.evil-bank.com/login',
          'https://track.evil-bank.com/p.gif',
          'https://img.evil-bank.com/a.png',
        ]),
      );
    }
  });

  it("compute the trigram keys of the body's words when the database indexes them (PostgreSQL), not otherwise", async () => {
    const raw = fixture('ja-phishing-forward.eml');
    for (const workers of [0, 1]) {
      const keyed = await readMail(raw, { workers, wordKeys: 'trigram' });
      if (keyed.kind !== 'parsed') throw new Error('expected a parsed message');
      expect(keyed.bodyWordKeys).toBeInstanceOf(Int32Array);
      expect([...keyed.bodyWordKeys!]).toEqual([...trigramKeys(keyed.bodyWords)]);
      expect(keyed.bodyWordKeys!.length).toBeGreaterThan(20);
      const plain = await readMail(raw, { workers, wordKeys: 'none' });
      expect(plain).not.toHaveProperty('bodyWordKeys');
      expect({ ...keyed, bodyWordKeys: undefined }).toEqual({ ...plain, bodyWordKeys: undefined });
    }
  });

  it('read many messages concurrently, each answer to its own request', async () => {
    const messages = ['en-defacement.eml', 'ja-phishing-forward.eml', 'html-with-script.eml', 'not-a-message.eml'].map(
      fixture,
    );
    const pooled = await Promise.all(Array.from({ length: 40 }, (_, i) => readMail(messages[i % 4]!, { workers: 2 })));
    const inline = await Promise.all(messages.map((raw) => readMail(raw, { workers: 0 })));
    pooled.forEach((read, i) => expect(read).toEqual(inline[i % 4]));
    expect(pooled[3]?.kind).toBe('quarantine');
  });

  // A message that needs far more than others: plain text of `megabytes` MiB with an indicator per line.
  function hugeMessage(megabytes: number): Buffer {
    const line = 'Phishing site reported at hxxp://evil[.]example/login from 192.0.2.1 and more words\r\n';
    const body = line.repeat(Math.ceil((megabytes * 1024 * 1024) / line.length));
    return Buffer.from(
      `From: a@example.jp\r\nSubject: huge\r\nMessage-ID: <huge@example.jp>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
    );
  }

  it('quarantine a message that exhausts the memory limit, and read the others held with it', async () => {
    const small = ['en-defacement.eml', 'ja-phishing-forward.eml'].map(fixture);
    const limits = { workers: 1, memoryLimitMb: 64 };
    const [first, huge, second] = await Promise.all([
      readMail(small[0]!, limits),
      readMail(hugeMessage(15), limits),
      readMail(small[1]!, limits),
    ]);
    expect(huge).toEqual({
      kind: 'quarantine',
      reason: "reading the message exhausted the parse worker's memory limit (64 MiB)",
    });
    expect(first).toEqual(await readMail(small[0]!, { workers: 0 }));
    expect(second).toEqual(await readMail(small[1]!, { workers: 0 }));
    // The pool goes on with a new worker.
    expect(await readMail(small[0]!, limits)).toEqual(first);
  }, 60_000);

  it('quarantine a message that takes longer than the time limit', async () => {
    // Time limits that expire when the test says, not when the machine is slow: the huge message
    // is read first, so its limit (then its limit alone) is the one the test lets run out.
    const armed: { expire: () => void; cleared: boolean }[] = [];
    const timers: TimeLimitTimers = {
      set: (_ms, expire) => {
        const handle = { expire, cleared: false };
        armed.push(handle);
        return handle;
      },
      clear: (handle) => void ((handle as { cleared: boolean }).cleared = true),
    };
    const waitForArmed = async (count: number) => {
      while (armed.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const small = fixture('en-defacement.eml');
    const limits = { workers: 1, timeLimitMs: 400, timers };
    const reads = Promise.all([readMail(hugeMessage(15), limits), readMail(small, limits)]);
    // Both wait on one worker: its limit runs out, and each message is read again alone.
    await waitForArmed(2);
    armed[0]!.expire();
    // The huge message alone: out of time again, so quarantined. The small one alone: no limit expires.
    await waitForArmed(3);
    armed[2]!.expire();
    const [slow, other] = await reads;
    expect(slow).toEqual({ kind: 'quarantine', reason: 'reading the message took longer than 400 ms' });
    expect(other).toEqual(await readMail(small, { workers: 0 }));
  }, 60_000);

  it("start with the parent's module-loading options only (Node refuses V8 options such as --max-old-space-size in a worker)", () => {
    expect(
      workerExecArgv([
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        '--conditions=source',
        '--enable-source-maps',
        '--max-semi-space-size',
        '16',
        '-C',
        'source',
        '--require=./hook.cjs',
        '--stack-size=2000',
        '--no-warnings',
      ]),
    ).toEqual(['--import', 'tsx', '--enable-source-maps', '--require=./hook.cjs', '--no-warnings']);
    expect(workerExecArgv([])).toEqual([]);
  });
});
