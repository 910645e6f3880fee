import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportMail } from './mail-reading.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/mail');

describe('real-mail structures (fixture corpus written for the project)', () => {
  it('reads an HTML-only part nested in mixed > related: its exact text and every URL with its source', async () => {
    const read = await readReportMail(readFileSync(path.join(FIXTURES, 'html-only-nested.eml')));
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    expect(read.parsed.subject).toBe('【重要】アカウント確認');
    expect(read.parsed.text).toBe(
      'お客様のアカウントを確認してください。\n\nログイン\n\nRedirect: https://r.example-short.net/%2Fgo',
    );
    const urls = read.extracted.withDomains
      .filter((o) => o.type === 'url')
      .map((o) => `${o.value} [${o.sources.join(',')}] ${o.correlates ? 'correlates' : '-'}`)
      .sort();
    expect(urls).toEqual([
      'http://www.w3.org/1999/xhtml [structural] -',
      'http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd [structural] -',
      'https://cdn.amaz0n-security.example.com/bg.jpg [image] correlates',
      'https://cdn.amaz0n-security.example.com/hero.png [css] correlates',
      'https://collect.amaz0n-security.example.com/post.php [form] correlates',
      'https://fonts.googleapis.com/css?family=Noto+Sans+JP [stylesheet] -',
      'https://img.amaz0n-security.example.com/biz/01%20(1).png [image] correlates',
      'https://img.amaz0n-security.example.com/logo@2x.png [image] correlates',
      'https://login.amaz0n-security.example.com/signin#victim@example.org [redirect] correlates',
      'https://r.example-short.net/%2Fgo [text] correlates',
      'https://track.example-esp.net/o?u=42 [comment] -',
      'https://www.google.com/url?q=https://login.amaz0n-security.example.com/signin&sa=D [link] correlates',
    ]);
    // The sender's domain is the phisher's own; its links are what the report is about, so only
    // the reporter's (From) domain marks links as theirs when the report is a forward by a victim.
    expect(read.extracted.withDomains.find((o) => o.value === 'amaz0n-security.example.com')).toBeUndefined();
  });
});

describe('the visible text of every HTML part, whatever the structure', () => {
  const read = async (name: string) => {
    const result = await readReportMail(readFileSync(path.join(FIXTURES, name)));
    if (result.kind !== 'parsed') throw new Error(`quarantined: ${result.reason}`);
    return result;
  };

  it('a single-part HTML message: its visible text and alt text, headings as written; its URLs and mailto: address', async () => {
    const result = await read('html-only-root.eml');
    expect(result.parsed.text).toBe(
      'Account suspended\n\nYour account is on hold. Verify now\n\nBank of Example\n\nQuestions? Write to us',
    );
    expect(result.extracted.withDomains.map((o) => `${o.type}:${o.value} [${o.sources.join(',')}]`)).toEqual([
      'url:https://bank-verify.example.com/login [link]',
      // Scheme-relative (`//cdn…`): fetched over HTTPS.
      'url:https://cdn.bank-verify.example.com/pixel.gif [image]',
      'url:https://img.bank-verify.example.com/logo.png [image]',
      'domain:bank-verify.example.com [link]',
      'domain:cdn.bank-verify.example.com [image]',
      'domain:img.bank-verify.example.com [image]',
      'email:support@bank-verify.example.com [link]',
    ]);
  });

  it('an HTML part beside text parts that are not its alternative (mixed): the text of all of them', async () => {
    const result = await read('text-and-html-mixed.eml');
    // The alternative's HTML is the same text as its plain part, so it is not repeated; the
    // inline HTML part after it and the second text part are both read.
    expect(result.parsed.text).toBe(
      'Please see the notice below.\n\nINVOICE OVERDUE\n\nPay today at our portal [https://pay.invoice-desk.example/acct] or call\n03-1234-5678.\nSecond text part.',
    );
  });
});

describe('a part whose Content-Type is malformed (no subtype) is plain text, as RFC 2045 says', () => {
  const read = async (name: string) => {
    const result = await readReportMail(readFileSync(path.join(FIXTURES, name)));
    if (result.kind !== 'parsed') throw new Error(`quarantined: ${result.reason}`);
    return result;
  };
  const urls = (result: Awaited<ReturnType<typeof read>>) =>
    result.extracted.withDomains.filter((o) => o.type === 'url').map((o) => `${o.value} [${o.sources.join(',')}]`);

  it('a single-part message of "Content-type: text" has its text as the body, and its URLs', async () => {
    const result = await read('malformed-type-single.eml');
    expect(result.parsed.text).toBe(
      'SPYXE-SHOP is an all-in-one shop. Buy tools at https://spyxe-shop.example/buy\r\n東京の在庫あり',
    );
    expect(urls(result)).toEqual(['https://spyxe-shop.example/buy [text]']);
  });

  it('an inline "Content-Type: text" part beside real attachments is the body; the attachments stay', async () => {
    const result = await read('malformed-type-multipart.eml');
    expect(result.parsed.text).toBe(
      'Conductor Boleta de INFRACCION. Ver https://multas-gob.example.net/boleta?id=0808 CONTRASENA {0808}',
    );
    expect(urls(result)).toEqual(['https://multas-gob.example.net/boleta?id=0808 [text]']);
    expect(result.parsed.attachments.map((a) => [a.contentType, a.filename])).toEqual([
      ['text', null],
      ['application/pdf', 'FotoCivicas.pdf'],
    ]);
  });
});

describe('HTML in UTF-7 (mailparser leaves it encoded; phishers use it to hide links from filters)', () => {
  it('is decoded once: its text and its links and images are read', async () => {
    const result = await readReportMail(readFileSync(path.join(FIXTURES, 'utf-7-html.eml')));
    if (result.kind !== 'parsed') throw new Error(`quarantined: ${result.reason}`);
    expect(result.parsed.text).toBe('Your mailbox is full — verify now');
    expect(
      result.extracted.withDomains
        .filter((o) => o.type === 'url')
        .map((o) => `${o.value} [${o.sources.join(',')}]`)
        .sort(),
    ).toEqual([
      'https://cdn.example-phish.net/logo.png [image]',
      'https://mail-verify.example-phish.net/login?u=victim [link]',
    ]);
  });
});

describe('a message file attached as a file', () => {
  // mailparser itself takes an application/octet-stream `.eml` for message/rfc822; a client that
  // labels the file as text would otherwise leave its HTML, headers and origin unread.
  it('reads an .eml sent as text/plain like a forwarded message, and keeps the file', async () => {
    const phish = Buffer.from(
      [
        'Received: from relay.phish-sender.example.net ([198.51.100.23]) by mx.victim.example',
        'From: "Support" <support@phish-sender.example.net>',
        'Subject: Your parcel is waiting',
        'Message-ID: <parcel-7@phish-sender.example.net>',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Pay the fee at <a href="https://parcel-fee.example.com/pay">our site</a></p>',
        '',
      ].join('\r\n'),
    );
    const report = Buffer.from(
      [
        'From: Hanako <hanako@victim.example>',
        'Subject: FW: parcel',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Saved the mail and attached it.',
        '--b1',
        'Content-Type: text/plain; name="parcel.eml"',
        'Content-Disposition: attachment; filename="parcel.eml"',
        'Content-Transfer-Encoding: base64',
        '',
        phish.toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const read = await readReportMail(report);
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    expect(read.parsed.forwarded[0]).toMatchObject({
      subject: 'Your parcel is waiting',
      from: 'support@phish-sender.example.net',
      text: 'Pay the fee at our site',
    });
    expect(read.parsed.attachments.map((a) => a.filename)).toEqual(['parcel.eml']);
    expect(
      read.extracted.withDomains
        .filter((o) => o.type === 'url' || o.type === 'ipv4')
        .map((o) => `${o.value} [${o.sources.join(',')}]`),
    ).toEqual(['https://parcel-fee.example.com/pay [link]', '198.51.100.23 [header]']);
  });
});
