/**
 * @module hub/intake — how reports arrive: public web form, API, manual entry, SMTP listener,
 * mail import; raw evidence kept immutable; the quarantine (H1).
 */
export { registerIntakeRoutes } from './intake.routes.js';
export { importMail, intakeJobs, processInboundMail, receiveMail, submitPublicReport, type MailSource } from './intake.service.js';
export { parseReportMail, type ParsedReportMail } from './mail-parser.js';
export { parseImapUrl, pollImapMailbox, startImapPoller, type ImapMailbox, type ImapPoller } from './imap-poller.js';
export { startSmtpListener, type SmtpListener } from './smtp-listener.js';
export type { InboundMailTable } from './intake.table.js';
export { collectMail, splitMbox, type MailFile } from './mail-import.js';
