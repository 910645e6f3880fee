/** hub/intake's configuration: where reports go, the SMTP listener, the IMAP poller, parse workers. @module */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { defineConfigSection } from '../../../platform/index.js';

export const intakeConfig = defineConfigSection(
  'hub/intake',
  z.object({
    /** Workspace (slug) that receives reports from the public web form and e-mail. */
    hubIntakeWorkspace: z.string().default('hub-ops'),
    /** SMTP listener for incoming reports: port (0 = off), size limit, accepted recipients. */
    smtpPort: z.coerce.number().int().min(0).max(65535).default(2525),
    smtpHost: z.string().default('127.0.0.1'),
    smtpMaxBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024),
    /** Comma-separated recipient addresses accepted by the SMTP listener; empty accepts any. */
    smtpRecipients: z.string().default(''),
    /**
     * Worker threads that parse incoming mail and extract observables (0: on the main thread).
     * Default: one per core but one (the writer's).
     */
    intakeWorkers: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(Math.max(1, availableParallelism() - 1)),
    /**
     * Heap limit of a parse worker, MiB: a message that needs more is quarantined. A 25 MB message
     * needs ~300 MiB; below ~2 GiB V8 collects more often (+17 % CPU at 512 MiB in bench/intake.ts).
     */
    intakeReadMemoryMb: z.coerce.number().int().min(16).max(65_536).default(2048),
    /** Time a parse worker may take for one message, ms: a message that takes longer is quarantined. */
    intakeReadTimeoutMs: z.coerce.number().int().min(100).default(60_000),
    /**
     * IMAP mailbox polled for reports: imap://user:password@host:143/INBOX (imaps:// for TLS);
     * empty: no polling. Processed mail is moved to `imapProcessedFolder`.
     */
    imapUrl: z.string().default(''),
    imapProcessedFolder: z.string().min(1).default('Processed'),
    imapPollSeconds: z.coerce.number().int().min(1).default(60),
  }),
  {
    RENKEI_HUB_INTAKE_WORKSPACE: 'hubIntakeWorkspace',
    RENKEI_SMTP_PORT: 'smtpPort',
    RENKEI_SMTP_HOST: 'smtpHost',
    RENKEI_SMTP_MAX_BYTES: 'smtpMaxBytes',
    RENKEI_SMTP_RECIPIENTS: 'smtpRecipients',
    RENKEI_INTAKE_WORKERS: 'intakeWorkers',
    RENKEI_INTAKE_READ_MEMORY_MB: 'intakeReadMemoryMb',
    RENKEI_INTAKE_READ_TIMEOUT_MS: 'intakeReadTimeoutMs',
    RENKEI_IMAP_URL: 'imapUrl',
    RENKEI_IMAP_PROCESSED_FOLDER: 'imapProcessedFolder',
    RENKEI_IMAP_POLL_SECONDS: 'imapPollSeconds',
  },
);
