/**
 * Reading a raw report message: parse it (mailparser), check it has content, extract its
 * observables and the words its body is searched by (with their index keys where the database
 * keeps some: PostgreSQL's trigram keys). Pure CPU work with no I/O and no context,
 * so it runs in the parse workers (`mail-reader.ts`) as well as inline.
 * @module
 */
// The files themselves, not the platform index: parse workers load this module and need no
// database code (trigram-keys.ts is a pure function).
import type { DialectHelpers } from '../../../platform/db/dialects/dialect.js';
import { trigramKeys } from '../../../platform/db/dialects/trigram-keys.js';
import { searchWords } from '../../../platform/search/search-terms.js';
import { extractReportObservables, type ReportObservables } from '../incident/report-observables.js';
import { MailParseError, parseReportMail, type ParsedReportMail } from './mail-parser.js';

export type ReadMail = { kind: 'parsed'; parsed: ParsedReportMail; extracted: ReportObservables; bodyWords: string; bodyWordKeys?: Int32Array } | { kind: 'quarantine'; reason: string };

/** Which index keys of the body's words to compute too (the database's `searchWordKeys`). */
export type WordKeys = DialectHelpers['searchWordKeys'];

export async function readReportMail(raw: Buffer, wordKeys: WordKeys = 'none'): Promise<ReadMail> {
  let parsed;
  try {
    parsed = await parseReportMail(raw);
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    return { kind: 'quarantine', reason: error.message };
  }
  if (!parsed.text && parsed.extraText.length === 0 && parsed.attachments.length === 0) return { kind: 'quarantine', reason: 'the message has no content' };
  const extracted = extractReportObservables({ subject: parsed.subject, body: parsed.text, extraText: parsed.extraText, extraObservables: parsed.extraObservables });
  const bodyWords = searchWords(parsed.text);
  return { kind: 'parsed', parsed, extracted, bodyWords, ...(wordKeys === 'trigram' ? { bodyWordKeys: trigramKeys(bodyWords) } : {}) };
}
