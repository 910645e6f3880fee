/**
 * Parsing of report mail with mailparser: text, HTML link targets, text attachments, forwarded
 * messages (message/rfc822 attachments — the phishing sample is usually one), and the
 * originating IP of the forwarded message's Received chain. HTML is never rendered here; only
 * its text and link targets are kept.
 * @module
 */
import { deliveryStatusPart, parseDeliveryStatus, type DeliveryReport } from './delivery-status.js';
import { compile } from 'html-to-text';
import { extractHtmlUrls, ipRange, normalizeIp, type Observable } from '@renkei/observables';
import iconv from 'iconv-lite';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import type { SourcedText } from '../incident/pure.js';
import { headerBlockOf, headerLines } from './mail-headers.js';
import { isOutlookItem, outlookItemAsMessage } from './outlook-item.js';
import { signedEntity } from './smime.js';

const MAX_FORWARD_DEPTH = 3;
const MAX_TEXT_ATTACHMENT_BYTES = 2 * 1024 * 1024;
/** Hops inside an organisation (or the sender's own LAN) are not where the message came from. */
const NON_ROUTED_RANGES = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'unspecified',
  'carrierGradeNat',
  'broadcast',
  'multicast',
]);
const TEXT_TYPES = /^(text\/(plain|csv|html)|application\/(json|xml))/i;

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ForwardedMessage {
  subject: string;
  from: string | null;
  date: string | null;
  messageId: string | null;
  text: string;
  headers: Record<string, string>;
}

export interface ParsedReportMail {
  subject: string;
  from: { name: string | null; address: string | null };
  messageId: string | null;
  inReplyTo: string[];
  date: string | null;
  text: string;
  /** HTML URLs, attachment text and forwarded headers, each with its source: searched for observables, not shown. */
  extraText: SourcedText[];
  extraObservables: Observable[];
  attachments: ParsedAttachment[];
  forwarded: ForwardedMessage[];
  /** RFC 3834: auto-replies, bulk mail and bounces get no acknowledgement. */
  isAutomated: boolean;
  /** The header lines as received, and the HTML body (never rendered; the viewer sanitises it). */
  headerLines: readonly { key: string; line: string }[];
  html: string | null;
  /** A delivery status notification (bounce) for a message: who it failed for, and its Message-ID. */
  deliveryReport: DeliveryReport | null;
}

function firstAddress(address: AddressObject | AddressObject[] | undefined): {
  name: string | null;
  address: string | null;
} {
  const value = (Array.isArray(address) ? address[0] : address)?.value[0];
  return { name: value?.name || null, address: value?.address?.toLowerCase() ?? null };
}

function headerText(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

/** The first public IP address the message was received from (the bottom-most Received header). */
export function originatingIp(receivedHeaders: readonly string[]): string | undefined {
  for (const header of [...receivedHeaders].reverse()) {
    for (const match of header.matchAll(/\[([0-9a-f.:]+)\]/gi)) {
      const ip = normalizeIp(match[1] ?? '');
      if (ip && !NON_ROUTED_RANGES.has(ipRange(ip))) return ip;
    }
  }
  return undefined;
}

function isAutomated(parsed: ParsedMail): boolean {
  const autoSubmitted = headerText(parsed, 'auto-submitted')[0]?.toLowerCase();
  const precedence = headerText(parsed, 'precedence')[0]?.toLowerCase();
  const from = firstAddress(parsed.from).address ?? '';
  return (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence ?? '') ||
    parsed.headers.has('list-id') ||
    parsed.headers.has('x-autoreply') ||
    /^(mailer-daemon|postmaster|no-?reply)@/i.test(from)
  );
}

export class MailParseError extends Error {}

/**
 * A part whose Content-Type is not `type/subtype` (spam writes `Content-Type: text`) is plain text
 * (RFC 2045 §5.2: a syntactically invalid type is taken as text/plain) — shown as the message's
 * text unless it is marked an attachment or named. mailparser makes such a part an attachment.
 */
function isLooseText(attachment: Attachment): boolean {
  const type = attachment.contentType.trim().toLowerCase();
  return (
    !type.includes('/') &&
    (type === '' || type === 'text') &&
    attachment.contentDisposition !== 'attachment' &&
    !attachment.filename
  );
}

/** A message file attached as a file (`phish.eml`, any type), its first line a header field. */
function isMessageFile(attachment: Attachment): boolean {
  return (
    /\.eml$/iu.test(attachment.filename ?? '') &&
    /^[!-9;-~]+:/u.test(attachment.content.subarray(0, 1000).toString('latin1'))
  );
}

/** A part's or a message's Content-Type: mailparser gives it structured, `{ value, params }`. */
function contentTypeOf(
  headers: ParsedMail['headers'],
): { value?: string; params?: Record<string, string> } | undefined {
  return headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
}

/** The charset of a Content-Type: a part's, or a single-part message's (a multipart's parts are mailparser's). */
function charsetOf(headers: ParsedMail['headers']): string | undefined {
  return contentTypeOf(headers)?.params?.['charset'];
}

/**
 * Text that declares UTF-7 — in its Content-Type or in its own `<meta charset>` — decoded:
 * mailparser leaves UTF-7 as it came (`+ADw-a href+AD0AIg-…`), and phishers use it to hide markup
 * and links from filters. UTF-7 is 7-bit, so the undecoded text holds its bytes exactly.
 */
function fromUtf7(text: string, charset: string | undefined): string {
  const declared =
    charset?.trim().toLowerCase() === 'utf-7' || /<meta[^>]*charset\s*=\s*["']?utf-7/i.test(text.slice(0, 8192));
  // Undecoded UTF-7 is ASCII with shifted runs (`+…-`); decoded text would not be decoded twice.
  if (!declared || !/\+[A-Za-z0-9/]/.test(text) || /[^\x00-\x7f]/.test(text)) return text;
  return iconv.decode(Buffer.from(text, 'latin1'), 'utf-7');
}

/** Text in its declared charset; US-ASCII (read as UTF-8) when none, or when the label is unknown. */
function decodeText(content: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(content);
  } catch {
    return new TextDecoder('utf-8').decode(content);
  }
}

/**
 * The visible text of an HTML part (html-to-text: block structure kept as line breaks, link
 * targets and images left out — they are collected as URLs, with their source, not as text).
 */
export function visibleText(html: string): string {
  return toVisibleText(html)
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}

/** Compiled once: `convert` would build its selector tree again for every part. */
const toVisibleText = compile({
  wordwrap: false,
  formatters: {
    imageAlt(elem, _walk, builder) {
      // html-to-text types its DOM nodes as any; an element's attributes are a string record.
      const alt = (elem as { attribs?: Record<string, string> }).attribs?.['alt']?.trim();
      if (alt) builder.addInline(alt);
    },
  },
  // The whole document, not only <body>: spam often puts text after </body> or </html>, where a
  // browser still shows it.
  baseElements: { selectors: [], returnDomByDefault: true },
  selectors: [
    // Not <head> as a whole: malformed mail puts its content there, and a browser (HTML5
    // parsing) shows it; only the title is never shown.
    { selector: 'title', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    // An image's alt text is what a mail client shows while it blocks remote images (the
    // default of many): text of the message; its source is collected as a URL.
    { selector: 'img', format: 'imageAlt' },
    // Headings as written: html-to-text's plain-text convention upper-cases them.
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
  ],
});

/** The URLs of an HTML part, each with its source (structure, stylesheets and signatures are kept, marked). */
function htmlUrls(html: string, inAttachment = false): SourcedText[] {
  return extractHtmlUrls(html).map((found) => ({
    text: found.url,
    source: inAttachment && found.source !== 'structural' ? 'attachment' : found.source,
  }));
}

/** mailparser's options: Renkei never renders mail as HTML from text, so no text→HTML conversion. */
const PARSE_OPTIONS = {
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  maxHtmlLengthToParse: 5 * 1024 * 1024,
} as const;

async function parseRaw(raw: Buffer): Promise<ParsedMail> {
  try {
    // Without mailparser's own HTML→text conversion: Renkei makes the visible text of HTML itself
    // (visibleText), and mailparser's conversion builds its converter again for every part — a
    // sixth of reading real mail. It changes mailparser's text only where a text part and an
    // HTML part are not alternatives of each other (mixed > [text, html]): the HTML part's text
    // is then left out. The root's type tells that case (a few % of real mail) apart; those are
    // read again with the conversion on, so that none of their text is lost.
    const parsed = await simpleParser(raw, { ...PARSE_OPTIONS, skipHtmlToText: true });
    const textAndHtml = Boolean(parsed.text?.trim()) && typeof parsed.html === 'string';
    if (!textAndHtml || contentTypeOf(parsed.headers)?.value?.toLowerCase() === 'multipart/alternative') return parsed;
    return await simpleParser(raw, PARSE_OPTIONS);
  } catch (error) {
    throw new MailParseError(`cannot parse the message: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A message read with mailparser; an opaque-signed S/MIME message (smime.ts) with its signed
 * entity as its body, under its own header fields (not the MIME ones of the signature wrapper).
 */
async function parseUnwrapped(raw: Buffer): Promise<ParsedMail> {
  const parsed = await parseRaw(raw);
  const [blob] = parsed.attachments;
  if (!/^application\/(?:x-)?pkcs7-mime$/iu.test(contentTypeOf(parsed.headers)?.value ?? '') || !blob) return parsed;
  const entity = signedEntity(blob.content);
  if (!entity) return parsed;
  return parseRaw(
    Buffer.concat([Buffer.from(`${headerLines(headerBlockOf(raw), false).join('\r\n')}\r\n`, 'latin1'), entity]),
  );
}

export async function parseReportMail(raw: Buffer): Promise<ParsedReportMail> {
  const parsed = await parseUnwrapped(raw);
  if (!parsed.headers.size && !parsed.text && !parsed.html)
    throw new MailParseError('no headers and no body: not an e-mail message');
  const interpreted = await interpret(parsed, 0);
  const contentType = parsed.headerLines
    .find((line) => line.key === 'content-type')
    ?.line.replace(/^content-type:\s*/i, '');
  const status = contentType ? deliveryStatusPart(raw, contentType.replace(/\r?\n[ \t]+/g, ' ')) : null;
  if (status && !interpreted.deliveryReport) {
    const returned =
      interpreted.attachments.find((a) => a.contentType === 'text/rfc822-headers')?.content.toString('utf8') ??
      (interpreted.forwarded[0]?.messageId ? `Message-ID: ${interpreted.forwarded[0].messageId}` : null);
    interpreted.deliveryReport = parseDeliveryStatus(status, returned) ?? null;
  }
  return interpreted;
}

async function interpret(parsed: ParsedMail, depth: number): Promise<ParsedReportMail> {
  const extraText: SourcedText[] = [];
  const extraObservables: Observable[] = [];
  const attachments: ParsedAttachment[] = [];
  const forwarded: ForwardedMessage[] = [];
  const charset = charsetOf(parsed.headers);
  const html = typeof parsed.html === 'string' ? fromUtf7(parsed.html, charset) : null;
  // mailparser's text of an HTML-only message is made from the HTML it did not decode: markup
  // in UTF-7 (`+ADw-p+AD4-`), not text. The visible text of the decoded HTML is the body then.
  const text =
    html !== null && html !== parsed.html && /\+AD[w4]/.test(parsed.text ?? '')
      ? ''
      : fromUtf7(parsed.text ?? '', charset);
  if (html !== null) extraText.push(...htmlUrls(html));
  /** Body parts mailparser took for attachments because their type is malformed (`Content-Type: text`). */
  const looseText: string[] = [];
  // A bounce (RFC 3464): its status part, and the returned message's headers for its Message-ID.
  let deliveryStatus: string | null = null;
  let returnedHeaders: string | null = null;

  for (const attachment of parsed.attachments) {
    const contentType = attachment.contentType.toLowerCase();
    if (contentType === 'message/delivery-status' || contentType === 'message/global-delivery-status')
      deliveryStatus = attachment.content.toString('utf8');
    if (contentType === 'text/rfc822-headers' || contentType === 'message/global-headers')
      returnedHeaders = attachment.content.toString('utf8');
    if (contentType === 'message/rfc822' && returnedHeaders === null)
      returnedHeaders = attachment.content.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? null;
    // A forwarded message — a message/rfc822 part, a message file attached under another type
    // (an .eml labelled as text), or an Outlook item (the message it stands for): its
    // text, URLs, headers and origin are the report's evidence. A file is kept as an attachment too.
    const forwardedRaw =
      depth >= MAX_FORWARD_DEPTH
        ? null
        : contentType === 'message/rfc822' || isMessageFile(attachment)
          ? attachment.content
          : isOutlookItem(attachment.content, contentType, attachment.filename ?? null)
            ? await outlookItemAsMessage(attachment.content)
            : null;
    if (forwardedRaw) {
      const innerParsed = await parseUnwrapped(forwardedRaw);
      const inner = await interpret(innerParsed, depth + 1);
      const headers: Record<string, string> = {};
      for (const name of ['from', 'to', 'date', 'subject', 'message-id', 'return-path', 'received', 'reply-to']) {
        const values = headerText(innerParsed, name);
        if (values.length) headers[name] = values.join('\n');
      }
      forwarded.push(
        {
          subject: inner.subject,
          from: inner.from.address,
          date: inner.date,
          messageId: inner.messageId,
          text: inner.text,
          headers,
        },
        ...inner.forwarded,
      );
      extraText.push(
        { text: inner.subject, source: 'text' },
        { text: inner.text, source: 'text' },
        ...inner.extraText,
        { text: headers['from'] ?? '', source: 'header' },
        { text: headers['return-path'] ?? '', source: 'header' },
        { text: headers['reply-to'] ?? '', source: 'header' },
      );
      extraObservables.push(...inner.extraObservables);
      const ip = originatingIp(headerText(innerParsed, 'received'));
      if (ip) extraObservables.push({ type: ip.includes(':') ? 'ipv6' : 'ipv4', value: ip });
      if (contentType === 'message/rfc822') continue;
    }
    attachments.push({
      filename: attachment.filename ?? null,
      contentType,
      size: attachment.size,
      content: attachment.content,
    });
    // A message file or Outlook item was read as the message it is, not as text.
    if (forwardedRaw) continue;
    if (isLooseText(attachment)) {
      // Kept as an attachment too (nothing read is dropped); its text is the message's.
      looseText.push(decodeText(attachment.content, charsetOf(attachment.headers)));
      continue;
    }
    if (TEXT_TYPES.test(contentType) && attachment.size <= MAX_TEXT_ATTACHMENT_BYTES) {
      const text = attachment.content.toString('utf8');
      // CSV fields are separated by commas, which URLs may legally contain: split fields first.
      if (contentType.includes('html')) extraText.push(...htmlUrls(text, true));
      else
        extraText.push({
          text: contentType.includes('csv') ? text.replace(/[,;\t]/g, ' ') : text,
          source: 'attachment',
        });
    }
  }

  const references = [
    ...(parsed.inReplyTo ? [parsed.inReplyTo] : []),
    ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []),
  ];
  return {
    subject: parsed.subject?.trim() || '(no subject)',
    from: firstAddress(parsed.from),
    messageId: parsed.messageId ?? null,
    inReplyTo: [...new Set(references)],
    date: parsed.date ? parsed.date.toISOString() : null,
    // HTML-only mail (html, mixed > html, related > html, alternative without a text part) has no
    // text from mailparser (parseRaw): the visible text of the HTML is the body then.
    text: [text.trim() || (html !== null ? visibleText(html) : ''), ...looseText.map((text) => text.trim())]
      .filter(Boolean)
      .join('\n\n'),
    extraText,
    extraObservables,
    attachments,
    forwarded,
    isAutomated: isAutomated(parsed),
    headerLines: parsed.headerLines,
    html,
    deliveryReport: deliveryStatus ? (parseDeliveryStatus(deliveryStatus, returnedHeaders) ?? null) : null,
  };
}
