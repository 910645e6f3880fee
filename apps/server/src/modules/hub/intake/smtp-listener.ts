/**
 * The SMTP listener for incoming reports (smtp-server). A message is answered 250 only after
 * `receiveMail` committed it; anything over the size limit is refused with 552 before it is
 * accepted; recipients outside the configured list are refused with 550.
 * @module
 */
import { intakeConfig } from './intake.config.js';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AppContext } from '../../../platform/index.js';
import { receiveMail } from './receipt.js';

export interface SmtpListener {
  port: number;
  /** Milliseconds from the end of DATA to the 250 reply, for the last messages (newest last). */
  acceptLatenciesMs: number[];
  close(): Promise<void>;
}

const LATENCY_SAMPLES = 10_000;

function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => resolve(stream.sizeExceeded || size > maxBytes ? 'too-large' : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startSmtpListener(
  ctx: AppContext,
  options: { port?: number; host?: string } = {},
): Promise<SmtpListener> {
  const settings = intakeConfig.of(ctx.config);
  const allowed = new Set(
    settings.smtpRecipients
      .split(',')
      .map((address) => address.trim().toLowerCase())
      .filter(Boolean),
  );
  const acceptLatenciesMs: number[] = [];
  const server = new SMTPServer({
    name: 'renkei',
    banner: 'Renkei incident intake',
    size: settings.smtpMaxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // No reverse DNS: it adds a network round trip to every connection and tells us nothing we keep.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (allowed.size > 0 && !allowed.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      readLimited(stream, settings.smtpMaxBytes)
        .then(async (raw) => {
          if (raw === 'too-large') {
            callback(
              Object.assign(new Error(`Message exceeds ${settings.smtpMaxBytes} bytes`), {
                responseCode: 552,
              }),
            );
            return;
          }
          const dataEndedAt = performance.now();
          const mailFrom = session.envelope.mailFrom;
          const received = await receiveMail(ctx, raw, {
            source: 'smtp',
            from: mailFrom ? mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback(null, `Accepted as ${received.inboundId}`);
          acceptLatenciesMs.push(performance.now() - dataEndedAt);
          if (acceptLatenciesMs.length > LATENCY_SAMPLES) acceptLatenciesMs.shift();
        })
        .catch((error: unknown) => {
          ctx.logger.error({ err: error }, 'SMTP intake failed');
          // 451: temporary — the sender keeps the message and retries; nothing is lost.
          callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
        });
    },
  });
  server.on('error', (error) => ctx.logger.warn({ err: error }, 'SMTP listener error'));
  // Small SMTP replies leave at once instead of waiting for the client's delayed ACK.
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const port = options.port ?? settings.smtpPort;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? settings.smtpHost, () => resolve());
  });
  const address = server.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  ctx.logger.info({ port: boundPort }, 'SMTP intake listening');
  return {
    port: boundPort,
    acceptLatenciesMs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
