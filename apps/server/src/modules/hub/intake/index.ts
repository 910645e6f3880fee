/**
 * @module hub/intake — how reports arrive: public web form, API, manual entry, SMTP listener,
 * mail import; raw evidence kept immutable; the quarantine (H1).
 */
import { intakeErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { startImapPoller } from './imap-poller.js';
import { intakeConfig } from './intake.config.js';
import { registerIntakeRoutes } from './intake.routes.js';
import { intakeJobs } from './intake.jobs.js';
import { startSmtpListener } from './smtp-listener.js';

export { registerIntakeRoutes } from './intake.routes.js';
export { submitPublicReport } from './intake.service.js';
export { intakeJobs } from './intake.jobs.js';
export type { MailSource } from './inbound-mail.js';
export { importMail, processInboundMail } from './mail-filing.js';
export { receiveMail } from './receipt.js';
export { parseReportMail, type ParsedReportMail } from './mail-parser.js';
export { parseImapUrl, pollImapMailbox, startImapPoller, type ImapMailbox, type ImapPoller } from './imap-poller.js';
export { startSmtpListener, type SmtpListener } from './smtp-listener.js';
export type { InboundMailTable } from './intake.table.js';
export { isMbox, mailPaths, readMailPaths, splitMbox, type MailFile } from './mail-import.js';
export { intakeConfig } from './intake.config.js';

export const intakeModule = defineModule({
  name: 'hub/intake',
  config: intakeConfig,
  routes: registerIntakeRoutes,
  jobs: intakeJobs,
  services: [
    {
      name: 'smtp-listener',
      async start(ctx) {
        if (intakeConfig.of(ctx.config).smtpPort === 0) return undefined;
        const listener = await startSmtpListener(ctx);
        return { stop: () => listener.close() };
      },
    },
    {
      name: 'imap-poller',
      start: async (ctx) => (intakeConfig.of(ctx.config).imapUrl ? startImapPoller(ctx) : undefined),
    },
  ],
  errors: intakeErrors,
  access: {
    'GET /api/public/pgp-key': 'public (the published team key of the intake workspace)',
    'POST /api/public/reports': 'public (rate-limited)',
    'POST /api/workspaces/:workspaceId/reports': 'content.write + label within clearance',
    'GET /api/workspaces/:workspaceId/quarantine': 'content.write',
    'POST /api/quarantine/:id/release': "content.write in the mail's workspace",
    'DELETE /api/quarantine/:id': "content.write in the mail's workspace",
    'GET /api/reports/:id/message': 'TLP and workspace; need-to-know roles only (reveals the reporter)',
    'GET /api/reports/:id/raw': 'TLP and workspace; need-to-know roles only (reveals the reporter)',
  },
});
