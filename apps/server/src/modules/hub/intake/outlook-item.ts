/**
 * Outlook items (.msg, a Compound File): what Outlook attaches when a user drags the phishing
 * mail into a new message to report it — the usual way a report from an Outlook user carries
 * the evidence. The item is read with msgreader and written out as the RFC 5322 message it
 * stands for: its transport headers as received (the Received chain, Return-Path, the phisher's
 * From) and a MIME body built by nodemailer from its text, HTML and attachments. That message
 * then goes through the same reading as a forwarded message/rfc822. The item's own bytes stay
 * stored, as an attachment of the report.
 * @module
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { decompressRTF } from '@kenjiuno/decompressrtf';
import type { FieldsData } from '@kenjiuno/msgreader';
import iconv from 'iconv-lite';
import type Mail from 'nodemailer/lib/mailer/index.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { deEncapsulateSync } from 'rtf-stream-parser';
import { headerLines, withoutFields } from './mail-headers.js';

// A CommonJS module whose reader is its `default` export: required as such, because Node and
// the test runner resolve a default import of CommonJS differently.
const { default: MsgReader } = createRequire(import.meta.url)('@kenjiuno/msgreader') as {
  default: typeof import('@kenjiuno/msgreader').default;
};

/** The Compound File signature every .msg starts with (also Word's and Excel's old formats). */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** An attachment that is an Outlook item: a Compound File named or typed as one. */
export function isOutlookItem(content: Buffer, contentType: string, filename: string | null): boolean {
  return (
    content.subarray(0, 8).equals(COMPOUND_FILE) &&
    (contentType.toLowerCase() === 'application/vnd.ms-outlook' || /\.msg$/iu.test(filename ?? ''))
  );
}

/** An item read by msgreader (throws when the bytes are not a Compound File it can read). */
function readItem(content: Buffer): InstanceType<typeof MsgReader> {
  // A copy of its own: msgreader reads an ArrayBuffer from its start, and a parsed attachment's
  // bytes may be a view into a larger one.
  return new MsgReader(new Uint8Array(content).buffer);
}

/** The SHA-256 of an item, hex: what makes the message written for it the same every time. */
function digestOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * A message composed by nodemailer from `options`, with `headers` in place of the header fields
 * it writes itself (all but the MIME ones). Its boundaries come from the item's digest, and it
 * gets no Message-ID or Date the item does not have: reading the same item twice gives the same
 * bytes, and no made-up time or identifier.
 */
async function compose(
  digest: string,
  options: Mail.Options,
  headers: (written: string[]) => string[],
): Promise<Buffer> {
  // nodemailer reads `baseBoundary` (the shared part of its boundaries); its types leave it out.
  const withBoundary: Mail.Options & { baseBoundary: string } = { ...options, baseBoundary: digest.slice(0, 24) };
  const composer = new MailComposer(withBoundary);
  const composed = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
  const split = composed.indexOf('\r\n\r\n');
  const block = composed.subarray(0, split).toString('latin1');
  return Buffer.concat([
    Buffer.from(`${[...headers(headerLines(block, false)), ...headerLines(block, true)].join('\r\n')}\r\n`, 'utf8'),
    composed.subarray(split + 2),
  ]);
}

/** Header lines without the fields nodemailer makes up when it is not given them. */
function withoutMadeUp(lines: string[], keep: { messageId: boolean; date: boolean }): string[] {
  return withoutFields(lines, [...(keep.messageId ? [] : ['message-id']), ...(keep.date ? [] : ['date'])]);
}

/**
 * The item's HTML body: as a string property, as bytes (UTF-8 unless its own meta says
 * otherwise), or — how Outlook keeps most HTML mail — encapsulated in its compressed RTF body
 * (`\fromhtml1`), which rtf-stream-parser takes back out. An RTF body that is not encapsulated
 * HTML leaves the plain text body as the item's text.
 */
function htmlOf(fields: FieldsData): string | undefined {
  if (fields.bodyHtml) return fields.bodyHtml;
  if (fields.html) return new TextDecoder('utf-8').decode(fields.html);
  if (!fields.compressedRtf) return undefined;
  try {
    const rtf = Buffer.from(decompressRTF([...fields.compressedRtf]));
    const { mode, text } = deEncapsulateSync(rtf, { decode: iconv.decode, mode: 'html' });
    return mode === 'html' ? text.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The RFC 5322 message an Outlook item stands for, or null when the bytes are not an Outlook
 * item msgreader can read.
 */
export async function outlookItemAsMessage(content: Buffer): Promise<Buffer | null> {
  let reader: InstanceType<typeof MsgReader>;
  let fields: FieldsData;
  try {
    reader = readItem(content);
    fields = reader.getFileData();
  } catch {
    return null;
  }
  if (fields.error || fields.dataType !== 'msg') return null;
  const html = htmlOf(fields);
  const attachments = (fields.attachments ?? []).flatMap((attachment) => {
    try {
      const file = reader.getAttachment(attachment);
      return [{ filename: file.fileName || 'attachment', content: Buffer.from(file.content) }];
    } catch {
      return [];
    }
  });
  const transport = headerLines(fields.headers ?? '', false);
  // Without transport headers (an item saved before it was sent, or by a client that keeps
  // none) the item's own properties stand for them.
  const time = new Date(fields.clientSubmitTime ?? fields.messageDeliveryTime ?? Number.NaN);
  const date = Number.isNaN(time.getTime()) ? undefined : time;
  return compose(
    digestOf(content),
    {
      from: fields.senderEmail ? { name: fields.senderName ?? '', address: fields.senderEmail } : undefined,
      subject: fields.subject ?? '',
      ...(fields.messageId ? { messageId: fields.messageId } : {}),
      ...(date ? { date } : {}),
      text: fields.body ?? '',
      ...(html ? { html } : {}),
      attachments,
    },
    (written) =>
      transport.length > 0
        ? transport
        : withoutMadeUp(written, { messageId: Boolean(fields.messageId), date: Boolean(date) }),
  );
}

/**
 * A message that carries an Outlook item file as its attachment (`renkei import mail x.msg`):
 * the item's bytes are kept exactly, and reading the message reads the item as a forwarded
 * message. Its subject is the item's.
 */
export async function messageCarryingItem(item: Buffer, filename: string): Promise<Buffer> {
  let subject = filename;
  try {
    subject = readItem(item).getFileData().subject || filename;
  } catch {
    // Not readable as an item: imported all the same, its bytes as they are.
  }
  const digest = digestOf(item);
  return compose(
    digest,
    {
      subject,
      // Its own identifier, the same however often it is imported: a second import folds into the first.
      messageId: `<${digest}@outlook-item.renkei.invalid>`,
      text: `Outlook item imported from ${filename}`,
      attachments: [{ filename, content: item, contentType: 'application/vnd.ms-outlook' }],
      headers: { 'X-Renkei-Imported-From': filename },
    },
    (written) => withoutMadeUp(written, { messageId: true, date: false }),
  );
}
