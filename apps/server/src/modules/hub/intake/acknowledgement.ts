/**
 * Acknowledgements: one reply per report, in the reporter's language, carrying the tracking
 * number in the subject (replies thread by it), composed from correspondence's template and
 * sent by correspondence. Never sent to auto-replies, bulk mail or
 * mailer-daemons (RFC 3834), and marked `Auto-Submitted: auto-replied` so that other robots
 * do not answer it.
 * @module
 */
import { z } from 'zod';
import { defineJob, type AppContext, type JobSpec } from '../../../platform/index.js';
import { acknowledgementMessage, languageOf, queueMessage } from '../correspondence/index.js';
import { findReportForAcknowledgement } from '../incident/index.js';

const payload = z.object({ reportId: z.string() });

export const sendAcknowledgementJob: JobSpec<z.infer<typeof payload>> = {
  name: 'intake.send-acknowledgement',
  payload,
  maxAttempts: 8,
  backoffMs: 30_000,
};

/** Composes the acknowledgement of a report and hands it to correspondence (which sends and tracks it). */
export async function sendAcknowledgement(ctx: AppContext, reportId: string): Promise<{ status: string }> {
  const report = await findReportForAcknowledgement(ctx.db, reportId);
  if (!report?.reporter_email) return { status: 'no reporter address' };
  const original = report.subject.replace(/\[[A-Z]+-\d{4}-\d{6}\]\s*/g, '').slice(0, 200);
  const message = acknowledgementMessage(languageOf(report.language, report.subject), {
    trackingNumber: report.tracking_number,
    originalSubject: original,
  });
  const queued = await ctx.db.transaction().execute((trx) =>
    queueMessage(ctx, trx, {
      workspaceId: report.workspace_id,
      // A reply to the acknowledgement is claimed by the report's incident.
      owner: { type: 'incident', id: report.incident_id },
      purpose: 'acknowledgement',
      tlp: report.tlp,
      to: [report.reporter_email!],
      ...message,
      inReplyTo: report.message_id,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Renkei-Tracking': report.tracking_number },
      idempotencyKey: `acknowledgement:${reportId}`,
    }),
  );
  return { status: queued.isNew ? 'queued' : 'queued before' };
}

export function acknowledgementJobs(ctx: AppContext) {
  return [defineJob({ ...sendAcknowledgementJob, handler: ({ reportId }) => sendAcknowledgement(ctx, reportId) })];
}
