/**
 * Reading a raw report message: parse it (mailparser), check it has content, and extract its
 * observables. Pure CPU work with no I/O and no context, so it runs in the parse workers
 * (`mail-reader.ts`) as well as inline.
 * @module
 */
import { extractReportObservables, type ReportObservables } from '../incident/report-observables.js';
import { MailParseError, parseReportMail, type ParsedReportMail } from './mail-parser.js';

export type ReadMail = { kind: 'parsed'; parsed: ParsedReportMail; extracted: ReportObservables } | { kind: 'quarantine'; reason: string };

export async function readReportMail(raw: Buffer): Promise<ReadMail> {
  let parsed;
  try {
    parsed = await parseReportMail(raw);
  } catch (error) {
    if (!(error instanceof MailParseError)) throw error;
    return { kind: 'quarantine', reason: error.message };
  }
  if (!parsed.text && parsed.extraText.length === 0 && parsed.attachments.length === 0) return { kind: 'quarantine', reason: 'the message has no content' };
  const extracted = extractReportObservables({ subject: parsed.subject, body: parsed.text, extraText: parsed.extraText, extraObservables: parsed.extraObservables });
  return { kind: 'parsed', parsed, extracted };
}
