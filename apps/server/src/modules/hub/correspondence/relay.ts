/**
 * Outgoing mail through the configured relay (`RENKEI_SMTP_RELAY_URL`), from the team address
 * (`RENKEI_ACK_FROM`). The message is composed by nodemailer, then handed to `seal` (OpenPGP
 * signing and encryption) before it is sent as it stands. One connection per message: sends are
 * jobs, retried by the queue, and an idle pooled connection would outlive them. Callers check a
 * relay is configured first.
 * @module
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { AppContext } from '../../../platform/index.js';
import { correspondenceConfig } from './correspondence.config.js';

export type Seal = (raw: Buffer) => Promise<Buffer>;

export async function sendThroughRelay(
  ctx: AppContext,
  message: Omit<Mail.Options, 'from'>,
  seal: Seal,
): Promise<void> {
  const { smtpRelayUrl, ackFrom } = correspondenceConfig.of(ctx.config);
  // Quoted-printable keeps a signed part 7-bit and its trailing spaces intact in transit (RFC 3156 §3).
  const composed = new MailComposer({ from: ackFrom, textEncoding: 'quoted-printable', ...message }).compile();
  const envelope = composed.getEnvelope();
  const raw = await seal(await composed.build());
  const transport = nodemailer.createTransport(smtpRelayUrl);
  try {
    await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}
