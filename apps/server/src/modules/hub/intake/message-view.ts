/**
 * The safe raw-message viewer: a stored report message as a handler may look at it — every
 * header, the text, and the HTML only after sanitize-html has removed scripts, event handlers,
 * styles, images, frames and every other way to load remote content. Links become inert text
 * with their (defanged) target shown, so nobody opens a phishing page from the viewer.
 * PGP mail is shown as opened with the team key. The original bytes are also downloadable.
 * @module
 */
import type { ReportMessageView } from '@renkei/contracts';
import libmime from 'libmime';
import sanitizeHtml from 'sanitize-html';
import { AppError, getBlob, type Actor, type AppContext } from '../../../platform/index.js';
import { assertReportReadable } from '../incident/index.js';
import { openReportMail, PgpMailError } from '../keyring/index.js';
import { parseReportMail } from './mail-parser.js';

const MAX_HEADER_VALUE = 4000;

function defang(url: string): string {
  return url.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}

/** HTML that cannot run code or fetch anything: no scripts, handlers, styles, images or live links. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'div',
      'span',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'blockquote',
      'pre',
      'code',
      'ul',
      'ol',
      'li',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'hr',
      'font',
      'center',
      'a',
    ],
    // No `class` or `style` from the mail: it could borrow the app's own classes (a fake banner).
    // The one class left is ours, set below on links, and the mail's own spans lose theirs first.
    allowedAttributes: { span: ['title', 'class'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedClasses: { span: ['mail-link'] },
    allowedSchemes: [],
    disallowedTagsMode: 'discard',
    // A link is shown as its text plus the defanged target; it cannot be clicked.
    transformTags: {
      span: (_tagName, attribs) => ({
        tagName: 'span',
        attribs: Object.fromEntries(Object.entries(attribs).filter(([name]) => name === 'title')),
      }),
      a: (_tagName, attribs) => ({
        tagName: 'span',
        attribs: { class: 'mail-link', title: attribs['href'] ? defang(attribs['href']) : '' },
      }),
    },
    exclusiveFilter: (frame) => ['style', 'script', 'title', 'head'].includes(frame.tag),
  });
}

function decodeHeader(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

async function rawOf(
  ctx: AppContext,
  actor: Actor,
  reportId: string,
): Promise<{ raw: Buffer; sha256: string; workspaceId: string }> {
  const report = await assertReportReadable(ctx, actor, reportId, { revealsReporter: true });
  if (!report.raw_sha256)
    throw new AppError('NOT_FOUND', 'This report has no stored original (entered by hand or by API)');
  const raw = await getBlob(ctx.db, report.raw_sha256);
  if (!raw) throw new AppError('NOT_FOUND', 'The stored original is missing');
  return { raw, sha256: report.raw_sha256, workspaceId: report.workspace_id };
}

/** The original bytes, exactly as received (for download, never rendered). */
export async function rawReportMessage(
  ctx: AppContext,
  actor: Actor,
  reportId: string,
): Promise<{ raw: Buffer; sha256: string }> {
  const { raw, sha256 } = await rawOf(ctx, actor, reportId);
  return { raw, sha256 };
}

export async function viewReportMessage(ctx: AppContext, actor: Actor, reportId: string): Promise<ReportMessageView> {
  const { raw, sha256, workspaceId } = await rawOf(ctx, actor, reportId);
  // Web-form submissions are stored as JSON, not mail: show them as text.
  if (raw[0] === 0x7b)
    return {
      reportId,
      rawSha256: sha256,
      size: raw.length,
      headers: [],
      text: JSON.stringify(JSON.parse(raw.toString('utf8')), null, 2),
      safeHtml: null,
      forwarded: [],
    };
  let source = raw;
  try {
    source = (await openReportMail(ctx, workspaceId, raw)).raw;
  } catch (error) {
    // Mail that cannot be decrypted is shown as it arrived.
    if (!(error instanceof PgpMailError)) throw error;
  }
  const report = await parseReportMail(source);
  const headers = report.headerLines.map((line) => {
    const separator = line.line.indexOf(':');
    return {
      name: line.line.slice(0, separator).trim(),
      value: decodeHeader(
        line.line
          .slice(separator + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      ).slice(0, MAX_HEADER_VALUE),
    };
  });
  return {
    reportId,
    rawSha256: sha256,
    size: raw.length,
    headers,
    text: report.text,
    safeHtml: report.html === null ? null : sanitizeMailHtml(report.html),
    forwarded: report.forwarded.map((message) => ({
      subject: message.subject,
      from: message.from,
      date: message.date,
      headers: message.headers,
    })),
  };
}
