/**
 * SMTP senders for bench/intake.ts, in a process of their own (as senders are other hosts): in
 * the server's process their work would sit in the same event loop as the replies it measures.
 *
 *   node --import tsx bench/smtp-senders.ts PORT SENDERS PER_SENDER
 */
import nodemailer from 'nodemailer';
import { makeMessage } from './mail-corpus.js';

const [port, senders, perSender] = process.argv.slice(2).map(Number) as [number, number, number];
await Promise.all(
  Array.from({ length: senders }, async (_, s) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    for (let i = 0; i < perSender; i++) {
      await transport.sendMail({
        envelope: { from: 'bench@renkei.example', to: ['report@renkei.example'] },
        raw: makeMessage(900_000 + s * perSender + i),
      });
    }
    transport.close();
  }),
);
