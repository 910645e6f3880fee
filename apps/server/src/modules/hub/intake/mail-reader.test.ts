import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMail } from './mail-reader.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/mail');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

describe('parse workers', () => {
  it('read a message exactly as the calling thread does, attachments as Buffers', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: a@example.jp\r\nSubject: evidence\r\nMessage-ID: <w-1@example.jp>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee hxxps://evil-site[.]jp/x and 198.51.100[.]7\r\n--b\r\n'),
      Buffer.from('Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="sample.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--b--\r\n'),
    ]);
    const inline = await readMail(raw, 0);
    const pooled = await readMail(raw, 1);
    expect(pooled).toEqual(inline);
    if (pooled.kind !== 'parsed') throw new Error('expected a parsed message');
    expect(Buffer.isBuffer(pooled.parsed.attachments[0]?.content)).toBe(true);
    expect(pooled.parsed.attachments[0]?.content.equals(Buffer.from([0, 1, 2, 3, 4, 5]))).toBe(true);
    expect(pooled.extracted.observables).toEqual(expect.arrayContaining([{ type: 'url', value: 'https://evil-site.jp/x' }, { type: 'ipv4', value: '198.51.100.7' }]));
  });

  it('read many messages concurrently, each answer to its own request', async () => {
    const messages = ['en-defacement.eml', 'ja-phishing-forward.eml', 'html-with-script.eml', 'not-a-message.eml'].map(fixture);
    const pooled = await Promise.all(Array.from({ length: 40 }, (_, i) => readMail(messages[i % 4]!, 2)));
    const inline = await Promise.all(messages.map((raw) => readMail(raw, 0)));
    pooled.forEach((read, i) => expect(read).toEqual(inline[i % 4]));
    expect(pooled[3]?.kind).toBe('quarantine');
  });
});
