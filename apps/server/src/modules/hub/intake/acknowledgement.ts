/**
 * Acknowledgements: one reply per report, in the reporter's language, carrying the tracking
 * number in the subject (replies thread by it). Never sent to auto-replies, bulk mail or
 * mailer-daemons (RFC 3834), and marked `Auto-Submitted: auto-replied` so that other robots
 * do not answer it.
 * @module
 */
import { z } from 'zod';
import { defineJob, sendThroughRelay, type AppContext, type JobSpec } from '../../../platform/index.js';
import { findReportForAcknowledgement } from '../incident/index.js';

const payload = z.object({ reportId: z.string() });

export const sendAcknowledgementJob: JobSpec<z.infer<typeof payload>> = {
  name: 'intake.send-acknowledgement',
  payload,
  maxAttempts: 8,
  backoffMs: 30_000,
};

const TEMPLATES = {
  ja: {
    subject: (tracking: string, original: string) => `[${tracking}] 受付のお知らせ: ${original}`,
    body: (tracking: string) =>
      `ご報告ありがとうございます。\n\n受付番号: ${tracking}\n\nこの件について追加の情報をお送りいただく際は、件名の [${tracking}] をそのまま残してご返信ください。\n担当者から改めてご連絡することがあります。\n\n(このメールは自動送信です)\n`,
  },
  en: {
    subject: (tracking: string, original: string) => `[${tracking}] Acknowledgement: ${original}`,
    body: (tracking: string) =>
      `Thank you for your report.\n\nTracking number: ${tracking}\n\nWhen you send more information about this matter, please keep [${tracking}] in the subject line.\nA handler may contact you.\n\n(This message was sent automatically.)\n`,
  },
};

/** Japanese when the report says so or its subject contains kana or kanji. */
export function acknowledgementLanguage(language: string | null, subject: string): 'ja' | 'en' {
  if (language === 'ja' || language === 'en') return language;
  return /[\u3040-\u30ff\u4e00-\u9fff]/.test(subject) ? 'ja' : 'en';
}

export async function sendAcknowledgement(ctx: AppContext, reportId: string): Promise<{ status: string }> {
  if (!ctx.config.smtpRelayUrl) return { status: 'no relay configured' };
  const report = await findReportForAcknowledgement(ctx.db, reportId);
  if (!report?.reporter_email) return { status: 'no reporter address' };
  const language = acknowledgementLanguage(report.language, report.subject);
  const template = TEMPLATES[language];
  const original = report.subject.replace(/\[[A-Z]+-\d{4}-\d{6}\]\s*/g, '').slice(0, 200);
  await sendThroughRelay(ctx, {
    to: report.reporter_email,
    subject: template.subject(report.tracking_number, original),
    text: template.body(report.tracking_number),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Renkei-Tracking': report.tracking_number },
    ...(report.message_id ? { inReplyTo: report.message_id, references: report.message_id } : {}),
  });
  return { status: 'sent' };
}

export function acknowledgementJobs(ctx: AppContext) {
  return [defineJob({ ...sendAcknowledgementJob, handler: ({ reportId }) => sendAcknowledgement(ctx, reportId) })];
}
