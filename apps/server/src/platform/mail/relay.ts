/**
 * Outgoing mail through the configured relay (`RENKEI_SMTP_RELAY_URL`), from the team address
 * (`RENKEI_ACK_FROM`). One connection per message: sends are jobs, retried by the queue, and an
 * idle pooled connection would outlive them. Callers check `smtpRelayUrl` is set first.
 * @module
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { AppContext } from '../context.js';

export async function sendThroughRelay(ctx: AppContext, message: Omit<Mail.Options, 'from'>): Promise<void> {
  const transport = nodemailer.createTransport(ctx.config.smtpRelayUrl);
  try {
    await transport.sendMail({ from: ctx.config.ackFrom, ...message });
  } finally {
    transport.close();
  }
}
