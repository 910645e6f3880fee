import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { burn, type Entry } from '@kenjiuno/msgreader/lib/Burner.js';
import { describe, expect, it } from 'vitest';
import { mailPaths, readMailPaths } from './mail-import.js';
import { readReportMail } from './mail-reading.js';
import { isOutlookItem, outlookItemAsMessage } from './outlook-item.js';

/** HTML encapsulated in RTF (MS-OXRTFEX), as Outlook keeps the body of most HTML mail. */
const RTF_WITH_HTML = String.raw`{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}}{\*\htmltag19 <html>}{\*\htmltag34 <body>}{\*\htmltag84 <p>}Please {\*\htmltag84 <a href="https://login.phish.example.com/verify">}\htmlrtf {\field{\*\fldinst HYPERLINK "https://login.phish.example.com/verify"}{\fldrslt\htmlrtf0 log in\htmlrtf }}\htmlrtf0{\*\htmltag92 </a>}{\*\htmltag84 <img src="https://track.phish.example.com/p.gif">}{\*\htmltag92 </p>}{\*\htmltag42 </body>}{\*\htmltag27 </html>}}`;

/** PR_RTF_COMPRESSED in its uncompressed form (MS-OXRTFCP: a header with the type `MELA`, then the RTF). */
function compressedRtf(rtf: string): Uint8Array {
  const body = Buffer.from(rtf, 'latin1');
  const header = Buffer.alloc(16);
  header.writeUInt32LE(body.length + 12, 0);
  header.writeUInt32LE(body.length, 4);
  header.writeUInt32LE(0x414c454d, 8);
  return Uint8Array.from(Buffer.concat([header, body]));
}

/**
 * The item's fixed-size properties (MS-OXMSG 2.4.1.1: a 32-byte header, then 16 bytes each): its
 * submit time (PidTagClientSubmitTime, a FILETIME) when it has one.
 */
function fixedProperties(submitted: Date | undefined): Uint8Array {
  const properties = Buffer.alloc(submitted ? 48 : 32);
  if (submitted) {
    properties.writeUInt32LE(0x00390040, 32); // property 0x0039, type PT_SYSTIME
    properties.writeUInt32LE(6, 36); // readable, writable
    properties.writeBigUInt64LE((BigInt(submitted.getTime()) + 11_644_473_600_000n) * 10_000n, 40);
  }
  return Uint8Array.from(properties);
}

/**
 * An Outlook item (.msg) written for the project with msgreader's own Compound File writer:
 * MAPI string properties as UTF-16LE streams (`__substg1.0_<tag><type>`), the HTML body as
 * bytes, and one attachment storage — the layout Outlook writes.
 */
function outlookItem(properties: {
  transportHeaders?: string;
  withSender?: boolean;
  htmlInRtf?: boolean;
  submitted?: Date;
}): Buffer {
  const utf16 = (text: string) => Uint8Array.from(Buffer.from(text, 'utf16le'));
  const stream = (name: string, bytes: Uint8Array): Entry => ({
    name,
    type: 2,
    length: bytes.length,
    binaryProvider: () => bytes,
  });
  const streams = [
    stream('__properties_version1.0', fixedProperties(properties.submitted)),
    stream('__substg1.0_0037001F', utf16('口座確認のお願い')),
    stream('__substg1.0_1000001F', utf16('お客様の口座を確認してください: https://login.phish.example.com/verify')),
    properties.htmlInRtf
      ? stream('__substg1.0_10090102', compressedRtf(RTF_WITH_HTML))
      : stream(
          '__substg1.0_10130102',
          Uint8Array.from(
            Buffer.from(
              '<p>Please <a href="https://login.phish.example.com/verify">log in</a>' +
                '<img src="https://track.phish.example.com/p.gif" alt=""></p>',
            ),
          ),
        ),
    ...(properties.transportHeaders ? [stream('__substg1.0_007D001F', utf16(properties.transportHeaders))] : []),
    ...(properties.withSender
      ? [
          stream('__substg1.0_0C1F001F', utf16('info@phish.example.com')),
          stream('__substg1.0_0C1A001F', utf16('Example Bank')),
        ]
      : []),
  ];
  const attachment = [
    stream('__properties_version1.0', new Uint8Array(8)),
    stream('__substg1.0_3707001F', utf16('invoice.html')),
    stream('__substg1.0_37010102', Uint8Array.from(Buffer.from('<a href="https://pay.phish.example.com/x">pay</a>'))),
  ];
  const storage = 1 + streams.length;
  const entries: Entry[] = [
    { name: 'Root Entry', type: 5, length: 0, children: [...streams.keys()].map((i) => i + 1).concat(storage) },
    ...streams,
    {
      name: '__attach_version1.0_#00000000',
      type: 1,
      length: 0,
      children: [...attachment.keys()].map((i) => storage + 1 + i),
    },
    ...attachment,
  ];
  return Buffer.from(burn(entries));
}

const TRANSPORT_HEADERS = [
  'Return-Path: <bounce@phish-mailer.example.net>',
  'Received: from mail.phish-mailer.example.net ([203.0.113.7])',
  '\tby mx.victim.example; Mon, 23 Nov 2026 10:00:00 +0900',
  'From: "Example Bank" <info@phish.example.com>',
  `Subject: =?UTF-8?B?${Buffer.from('口座確認のお願い').toString('base64')}?=`,
  'Date: Mon, 23 Nov 2026 10:00:00 +0900',
  'Message-ID: <item-1@phish.example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative;',
  '\tboundary="----=_NextPart_000_0001"',
  '',
].join('\r\n');

/** A report from an Outlook user: a line of text and the phishing mail attached as an item. */
function reportWith(item: Buffer, name = 'phishing.msg', type = 'application/vnd.ms-outlook'): Buffer {
  return Buffer.from(
    [
      'From: Taro Yamada <taro@victim.example>',
      'To: report@csirt.example',
      'Subject: FW: suspicious mail',
      'Message-ID: <report-1@victim.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'I received the attached mail.',
      '--b1',
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      item.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

describe('Outlook items (.msg) attached to a report', () => {
  it('reads the item as the message it stands for: its headers, text, every URL and its origin; the item stays an attachment', async () => {
    const item = outlookItem({ transportHeaders: TRANSPORT_HEADERS });
    const read = await readReportMail(reportWith(item));
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    const [forwarded] = read.parsed.forwarded;
    expect(forwarded).toMatchObject({
      subject: '口座確認のお願い',
      from: 'info@phish.example.com',
      messageId: '<item-1@phish.example.com>',
      date: '2026-11-23T01:00:00.000Z',
      text: 'お客様の口座を確認してください: https://login.phish.example.com/verify',
    });
    expect(forwarded!.headers['return-path']).toContain('bounce@phish-mailer.example.net');
    expect(read.parsed.attachments.map((a) => `${a.filename} ${a.contentType} ${a.size}`)).toEqual([
      `phishing.msg application/vnd.ms-outlook ${item.length}`,
    ]);
    expect(read.parsed.attachments[0]!.content.equals(item)).toBe(true);
    expect(read.extracted.withDomains.map((o) => `${o.type}:${o.value} [${o.sources.join(',')}]`)).toEqual([
      'url:https://login.phish.example.com/verify [text,link]',
      'url:https://pay.phish.example.com/x [attachment]',
      'url:https://track.phish.example.com/p.gif [image]',
      'domain:login.phish.example.com [text,link]',
      'domain:pay.phish.example.com [attachment]',
      'domain:track.phish.example.com [image]',
      'email:bounce@phish-mailer.example.net [header]',
      'email:info@phish.example.com [header]',
      // The first Received hop's address: where the phishing mail came from.
      'ipv4:203.0.113.7 [header]',
    ]);
  });

  it('takes the HTML of an item that keeps it encapsulated in its RTF body: its link targets and images', async () => {
    const read = await readReportMail(
      reportWith(outlookItem({ transportHeaders: TRANSPORT_HEADERS, htmlInRtf: true })),
    );
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    expect(
      read.extracted.withDomains.filter((o) => o.type === 'url').map((o) => `${o.value} [${o.sources.join(',')}]`),
    ).toEqual([
      'https://login.phish.example.com/verify [text,link]',
      'https://pay.phish.example.com/x [attachment]',
      'https://track.phish.example.com/p.gif [image]',
    ]);
  });

  it('stands the item’s own sender, subject and date for transport headers it does not have (an unsent item)', async () => {
    const read = await readReportMail(
      reportWith(outlookItem({ withSender: true }), 'draft.msg', 'application/octet-stream'),
    );
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    // No transport headers and no submit time: the forwarded message has no date rather than a made-up one.
    expect(read.parsed.forwarded[0]).toMatchObject({
      subject: '口座確認のお願い',
      from: 'info@phish.example.com',
      date: null,
    });
    const sent = await readReportMail(
      reportWith(outlookItem({ withSender: true, submitted: new Date('2026-11-23T01:00:00Z') }), 'sent.msg'),
    );
    if (sent.kind !== 'parsed') throw new Error(`quarantined: ${sent.reason}`);
    expect(sent.parsed.forwarded[0]?.date).toBe('2026-11-23T01:00:00.000Z');
    expect(read.extracted.withDomains.map((o) => o.value)).toContain('https://pay.phish.example.com/x');
  });

  it('leaves other Compound Files (a Word document) and broken items as plain attachments', async () => {
    const item = outlookItem({ transportHeaders: TRANSPORT_HEADERS });
    expect(isOutlookItem(item, 'application/msword', 'report.doc')).toBe(false);
    expect(isOutlookItem(item, 'application/octet-stream', 'Phishing.MSG')).toBe(true);
    expect(isOutlookItem(Buffer.from('not a compound file'), 'application/vnd.ms-outlook', 'x.msg')).toBe(false);
    const broken = Buffer.concat([item.subarray(0, 600), Buffer.alloc(100)]);
    expect(await outlookItemAsMessage(broken)).toBeNull();
    const read = await readReportMail(reportWith(broken));
    if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
    expect(read.parsed.forwarded).toEqual([]);
    expect(read.parsed.attachments.map((a) => a.filename)).toEqual(['phishing.msg']);
    expect(read.parsed.text).toBe('I received the attached mail.');
  });

  it('reads the same item to the same message every time, with no made-up Message-ID or date', async () => {
    const item = outlookItem({ withSender: true });
    const first = (await outlookItemAsMessage(item))!;
    expect(first.equals((await outlookItemAsMessage(item))!)).toBe(true);
    expect(first.toString('latin1')).not.toMatch(/^(?:message-id|date):/imu);
    expect(first.toString('latin1')).toMatch(/^From: Example Bank <info@phish\.example\.com>$/mu);
  });
});

describe('importing Outlook item files', () => {
  it('imports a .msg file attached to a message of its own: the item kept byte for byte, the same message on every import', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkei-msg-'));
    try {
      const item = outlookItem({ transportHeaders: TRANSPORT_HEADERS });
      writeFileSync(path.join(dir, 'reported.msg'), item);
      const imports = [];
      for (let round = 0; round < 2; round += 1)
        for await (const message of readMailPaths(mailPaths([dir]))) imports.push(message.raw);
      expect(imports).toHaveLength(2);
      expect(imports[0]!.equals(imports[1]!)).toBe(true);
      const read = await readReportMail(imports[0]!);
      if (read.kind !== 'parsed') throw new Error(`quarantined: ${read.reason}`);
      expect(read.parsed.subject).toBe('口座確認のお願い');
      expect(read.parsed.text).toBe('Outlook item imported from reported.msg');
      expect(read.parsed.attachments.map((a) => `${a.filename} ${a.contentType}`)).toEqual([
        'reported.msg application/vnd.ms-outlook',
      ]);
      expect(read.parsed.attachments[0]!.content.equals(item)).toBe(true);
      expect(read.parsed.forwarded[0]).toMatchObject({
        from: 'info@phish.example.com',
        messageId: '<item-1@phish.example.com>',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
