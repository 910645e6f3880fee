/**
 * A real SMTP server (smtp-server) standing in for the outbound relay in tests: every message
 * Renkei sends lands in `received`, parsed by mailparser, and in `raw` as it came over the wire.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestRelay {
  /** `smtp://…` for `smtpRelayUrl`. */
  url: string;
  received: ParsedMail[];
  raw: Buffer[];
  close(): Promise<void>;
}

export async function startTestRelay(): Promise<TestRelay> {
  const received: ParsedMail[] = [];
  const raw: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const message = Buffer.concat(chunks);
        raw.push(message);
        simpleParser(message)
          .then((mail) => received.push(mail))
          .then(() => callback())
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    raw,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
