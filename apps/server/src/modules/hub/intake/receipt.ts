/**
 * Receipt of e-mail: durable before it is acknowledged. `receiveMail` stores the raw bytes
 * (content-addressed), an `inbound_mail` row and the job that files it in one committed
 * transaction, with group commit; only then does the SMTP listener answer 250. A crash between
 * acceptance and filing loses nothing: the job runs again after a restart.
 * @module
 */
import { blobsInsert, dialectOf, type AppContext } from '../../../platform/index.js';
import { intakeWorkspaceId, newInboundMail, processMailJob, type Envelope } from './inbound-mail.js';
import { intakeConfig } from './intake.config.js';
import * as repository from './intake.repository.js';

export interface ReceivedMail {
  inboundId: string;
  rawSha256: string;
}

interface PendingReceipt {
  raw: Buffer;
  envelope: Envelope;
  resolve: (received: ReceivedMail) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for received mail: a message arriving while a commit is under way is stored with
 * the others that arrived meanwhile, in the next commit (multi-row, one transaction). Alone, a
 * message is committed at once; in a burst of 50 senders, one commit answers many of them
 * instead of each waiting for a connection and five round trips of its own (PostgreSQL).
 */
class ReceiptCommitter {
  private readonly pending: PendingReceipt[] = [];
  private isCommitting = false;

  constructor(private readonly ctx: AppContext) {}

  receive(raw: Buffer, envelope: Envelope): Promise<ReceivedMail> {
    return new Promise((resolve, reject) => {
      this.pending.push({ raw, envelope, resolve, reject });
      if (!this.isCommitting) void this.commitPending();
    });
  }

  private async commitPending(): Promise<void> {
    this.isCommitting = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 100);
        try {
          const stored = await this.store(batch);
          batch.forEach((receipt, index) => receipt.resolve(stored[index]!));
        } catch (error) {
          for (const receipt of batch) receipt.reject(error);
        }
      }
    } finally {
      this.isCommitting = false;
    }
  }

  /** One commit for the batch: on PostgreSQL a single statement, so a single round trip. */
  private async store(batch: readonly PendingReceipt[]): Promise<ReceivedMail[]> {
    const { ctx } = this;
    const { smtpMaxBytes } = intakeConfig.of(ctx.config);
    const workspaceId = await intakeWorkspaceId(ctx);
    const blobs = blobsInsert(
      ctx.db,
      batch.map((receipt) => receipt.raw),
    );
    const rows = batch.map(({ raw, envelope }, index) => {
      const row = newInboundMail(workspaceId, blobs.hashes[index]!, raw.length, envelope);
      return raw.length > smtpMaxBytes
        ? { ...row, status: 'quarantined', reason: `larger than ${smtpMaxBytes} bytes` }
        : row;
    });
    const toProcess = rows.filter((row) => row.status === 'received');
    await dialectOf(ctx.db).insertTogether(ctx.db, [
      blobs.insert,
      repository.inboundMailInsert(ctx.db, rows),
      ...(toProcess.length > 0
        ? [
            ctx.jobs.jobsInsert(
              processMailJob,
              toProcess.map((row) => ({ payload: { inboundId: row.id }, idempotencyKey: row.id })),
            ),
          ]
        : []),
    ]);
    if (toProcess.length > 0) ctx.jobs.notifyEnqueued();
    return rows.map((row) => ({ inboundId: row.id, rawSha256: row.raw_sha256 }));
  }
}

const committers = new WeakMap<AppContext, ReceiptCommitter>();

/** Stores a raw message durably and schedules its processing. Returns once committed. */
export function receiveMail(ctx: AppContext, raw: Buffer, envelope: Envelope): Promise<ReceivedMail> {
  let committer = committers.get(ctx);
  if (!committer) committers.set(ctx, (committer = new ReceiptCommitter(ctx)));
  return committer.receive(raw, envelope);
}
