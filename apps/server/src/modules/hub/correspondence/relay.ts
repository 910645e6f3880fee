/**
 * Outgoing mail through the configured relay (`RENKEI_SMTP_RELAY_URL`), from the team address
 * (`RENKEI_ACK_FROM`). One connection per message: sends are jobs, retried by the queue, and an
 * idle pooled connection would outlive them. Callers check a relay is configured first.
 * @module
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { AppContext } from '../../../platform/index.js';
import { correspondenceConfig } from './correspondence.config.js';

export async function sendThroughRelay(ctx: AppContext, message: Omit<Mail.Options, 'from'>): Promise<void> {
  const { smtpRelayUrl, ackFrom } = correspondenceConfig.of(ctx.config);
  const transport = nodemailer.createTransport(smtpRelayUrl);
  try {
    await transport.sendMail({ from: ackFrom, ...message });
  } finally {
    transport.close();
  }
}
