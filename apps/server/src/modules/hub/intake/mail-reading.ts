/**
 * Reading a raw report message: parse it (mailparser), check it has content, extract its
 * observables and the words its body is searched by (with their index keys where the database
 * keeps some: PostgreSQL's trigram keys). Pure CPU work with no I/O and no context,
 * so it runs in the parse workers (`mail-reader.ts`) as well as inline.
 * @module
 */
// The pure entries, not the index files: parse workers load this module and need no database,
// HTTP or logging code.
import { searchWords, trigramKeys, type DialectHelpers } from '../../../platform/pure.js';
import { extractReportObservables, type ReportObservables } from '../incident/pure.js';
import { MailParseError, parseReportMail, type ParsedReportMail } from './mail-parser.js';

export type ReadMail =
  | {
      kind: 'parsed';
      parsed: ParsedReportMail;
      extracted: ReportObservables;
      bodyWords: string;
      bodyWordKeys?: Int32Array;
    }
  | { kind: 'quarantine'; reason: string };

/** Which index keys of the body's words to compute too (the database's `searchWordKeys`). */
export type WordKeys = DialectHelpers['searchWordKeys'];

/**
 * Inline forward and reply markers of common mail clients (English, Japanese), at a line's start
 * after white space that is not a line break (`^\s*` would rescan every run of blank lines from
 * each of its lines; the matches are the same).
 */
const FORWARD_MARKER =
  /^[^\S\n\r\u2028\u2029]*(?:-{2,}\s*(?:Forwarded message|Original Message|転送メッセージ|元のメッセージ)\s*-{2,}|Begin forwarded message:|-{2,}\s*Forwarded by)/imu;

/** Whether the mail forwards another (attached or inline): then its sender is a reporter, not the attacker. */
function isForward(parsed: ParsedReportMail): boolean {
  return parsed.forwarded.length > 0 || FORWARD_MARKER.test(parsed.text);
}

export async function readReportMail(raw: Buffer, wordKeys: WordKeys = 'none'): Promise<ReadMail> {
  let parsed;
  try {
    parsed = await parseReportMail(raw);
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    return { kind: 'quarantine', reason: error.message };
  }
  if (!parsed.text && parsed.extraText.length === 0 && parsed.attachments.length === 0)
    return { kind: 'quarantine', reason: 'the message has no content' };
  const extracted = extractReportObservables({
    subject: parsed.subject,
    body: parsed.text,
    extraText: parsed.extraText,
    extraObservables: parsed.extraObservables,
    // The sender's own domain is theirs (their web site, their signature) only when they forward
    // something; a phishing mail itself, redirected or uploaded as is, comes From the phisher,
    // whose links are the evidence.
    reporterEmail: isForward(parsed) ? (parsed.from.address ?? undefined) : undefined,
  });
  const bodyWords = searchWords(parsed.text);
  return {
    kind: 'parsed',
    parsed,
    extracted,
    bodyWords,
    ...(wordKeys === 'trigram' ? { bodyWordKeys: trigramKeys(bodyWords) } : {}),
  };
}
