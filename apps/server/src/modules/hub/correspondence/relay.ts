/**
 * Outgoing mail through the configured relay (`RENKEI_SMTP_RELAY_URL`), from the team address
 * (`RENKEI_ACK_FROM`). A message is composed by nodemailer (`composeMail`), sealed by the caller
 * (OpenPGP signing and encryption), then sent as it stands. One connection per message: sends are
 * jobs, retried by the queue, and an idle pooled connection would outlive them. Callers check a
 * relay is configured first.
 * @module
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import type { AppContext } from '../../../platform/index.js';
import { correspondenceConfig } from './correspondence.config.js';

/** The message as it will go over the wire, and its SMTP envelope, composed by nodemailer. */
export async function composeMail(
  ctx: AppContext,
  message: Omit<Mail.Options, 'from'>,
): Promise<{ envelope: MimeNode.Envelope; raw: Buffer }> {
  const { ackFrom } = correspondenceConfig.of(ctx.config);
  // Quoted-printable keeps a signed part 7-bit and its trailing spaces intact in transit (RFC 3156 §3).
  const composed = new MailComposer({ from: ackFrom, textEncoding: 'quoted-printable', ...message }).compile();
  return { envelope: composed.getEnvelope(), raw: await composed.build() };
}

/** Sends a composed (and possibly sealed) message as it stands. */
export async function sendThroughRelay(ctx: AppContext, envelope: MimeNode.Envelope, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport(correspondenceConfig.of(ctx.config).smtpRelayUrl);
  try {
    await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}
