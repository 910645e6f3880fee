/**
 * The IMAP poller (imapflow) for a reports mailbox. Each message is stored with `receiveMail`
 * (committed) and only then moved to the processed folder, so a crash in between re-reads the
 * message on the next poll; the duplicate is folded into the first report by Message-ID or raw
 * SHA-256. Nothing is deleted from the mailbox.
 * @module
 */
import { intakeConfig } from './intake.config.js';
import { AppError, type AppContext } from '../../../platform/index.js';
import { receiveMail } from './receipt.js';

export interface ImapMailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  processedFolder: string;
}

/** `imap://user:password@host:port/MAILBOX` (imaps:// for TLS) → connection settings. */
export function parseImapUrl(url: string, processedFolder: string): ImapMailbox {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'RENKEI_IMAP_URL is not a URL');
  }
  if (parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:')
    throw new AppError('VALIDATION_FAILED', 'RENKEI_IMAP_URL must start with imap:// or imaps://');
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
    processedFolder,
  };
}

export interface PollResult {
  /** Messages stored and moved in this poll. */
  received: number;
}

/** One pass over the mailbox: store every message, then move it to the processed folder. */
export async function pollImapMailbox(ctx: AppContext, mailbox: ImapMailbox): Promise<PollResult> {
  // Loaded on first use: most installations poll no mailbox, and imapflow adds ~0.2 s to start-up.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    // No STARTTLS upgrade is forced on a plain connection: a loopback or internal server may lack TLS.
    doSTARTTLS: mailbox.secure ? undefined : false,
  });
  await client.connect();
  let received = 0;
  try {
    const folders = await client.list();
    if (!folders.some((folder) => folder.path === mailbox.processedFolder))
      await client.mailboxCreate(mailbox.processedFolder);
    const lock = await client.getMailboxLock(mailbox.mailbox);
    try {
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true, envelope: true }, { uid: true });
        if (!message || !message.source) continue;
        await receiveMail(ctx, message.source, {
          source: 'imap',
          from: message.envelope?.from?.[0]?.address ?? undefined,
          to: (message.envelope?.to ?? []).flatMap((to) => (to.address ? [to.address] : [])),
        });
        // Only after the commit: a crash here means the message is read again, never lost.
        await client.messageMove(String(uid), mailbox.processedFolder, { uid: true });
        received += 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { received };
}

export interface ImapPoller {
  /** Runs a poll now (and waits for it); polls never overlap. */
  pollNow(): Promise<PollResult>;
  stop(): Promise<void>;
}

/** Polls `RENKEI_IMAP_URL` every `RENKEI_IMAP_POLL_SECONDS`; errors are logged and retried next time. */
export function startImapPoller(
  ctx: AppContext,
  mailbox: ImapMailbox = parseImapUrl(
    intakeConfig.of(ctx.config).imapUrl,
    intakeConfig.of(ctx.config).imapProcessedFolder,
  ),
): ImapPoller {
  let running: Promise<PollResult> | undefined;
  let isStopped = false;
  const pollNow = (): Promise<PollResult> => {
    running ??= pollImapMailbox(ctx, mailbox).finally(() => (running = undefined));
    return running;
  };
  const tick = () => {
    if (isStopped) return;
    pollNow()
      .then((result) => result.received > 0 && ctx.logger.info({ received: result.received }, 'IMAP poll'))
      .catch((error: unknown) =>
        ctx.logger.warn({ err: error, host: mailbox.host }, 'IMAP poll failed; retrying at the next interval'),
      );
  };
  const { imapPollSeconds } = intakeConfig.of(ctx.config);
  const timer = setInterval(tick, imapPollSeconds * 1000);
  timer.unref();
  tick();
  ctx.logger.info(
    { host: mailbox.host, mailbox: mailbox.mailbox, everySeconds: imapPollSeconds },
    'IMAP poller started',
  );
  return {
    pollNow,
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
