/**
 * A small durable job queue on the `job` table, the same on SQLite and PostgreSQL.
 *
 * - at-least-once: a job is claimed (status `running`, locked until a deadline) and finished by
 *   its worker; if the worker dies, the lock expires and another worker takes it again;
 * - retries with exponential backoff, then dead-letter (status `dead`, kept with its last error);
 * - idempotency keys: enqueuing the same (name, key) twice yields the first job;
 * - progress: handlers report percent and a message, which also extends their lock;
 * - batches: a kind may take its due jobs many at a time, in one handler call.
 *
 * On PostgreSQL several processes share the queue (`FOR UPDATE SKIP LOCKED`, see dialects/).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { nowIso, type Db } from '../db/database.js';
import { dialectOf } from '../db/dialects/index.js';
import type { JobRow } from './job.table.js';
import { findJob, insertJob, jobIdByKey, jobsInsert, updateHeldJobs, updateJobs } from './job.repository.js';

export interface JobContext {
  jobId: string;
  attempt: number;
  /** Records progress (0–100) and extends the job's lock. */
  reportProgress(percent: number, message?: string): Promise<void>;
}

/** What a job is: enough to enqueue it. */
export interface JobSpec<Payload> {
  /** `module.verb-noun`, e.g. `advisory.publish-csaf`. */
  name: string;
  payload: z.ZodType<Payload>;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (capped at one hour). */
  backoffMs?: number;
}

/** A job with its handler: what a worker registers. */
export interface JobDefinition<Payload> extends JobSpec<Payload> {
  handler(payload: Payload, context: JobContext): Promise<unknown>;
  /**
   * Jobs of this kind that are due together are claimed up to `size` at a time and given to
   * `handler` at once (e.g. mail received in a burst is filed as one batch). The batch succeeds
   * or fails as a whole; a handler must be idempotent per payload, as every job handler is.
   * The payloads come in no particular order.
   */
  batch?: { size: number; handler(payloads: Payload[]): Promise<void> };
}

/** Declares a job; the typed definition is what `enqueue` takes. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

export interface EnqueueOptions {
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue inside the caller's transaction, so the job exists only if the change commits. */
  trx?: Db;
}

export interface JobQueueOptions {
  workerId?: string;
  pollIntervalMs?: number;
  concurrency?: number;
  lockMs?: number;
  logger?: Logger;
}

const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** A queued job's row; the payload is checked against the kind's schema here. */
function newJobRow<Payload>(
  definition: JobSpec<Payload>,
  payload: Payload,
  options: Pick<EnqueueOptions, 'idempotencyKey' | 'runAt' | 'maxAttempts'>,
) {
  const now = nowIso();
  return {
    id: randomUUID(),
    name: definition.name,
    payload: JSON.stringify(definition.payload.parse(payload)),
    status: 'queued',
    attempts: 0,
    max_attempts: options.maxAttempts ?? definition.maxAttempts ?? 5,
    run_at: nowIso(options.runAt ?? new Date()),
    idempotency_key: options.idempotencyKey ?? null,
    progress: 0,
    created_at: now,
    updated_at: now,
  };
}

type ClaimedJob = { id: string; name: string; payload: string; attempts: number; max_attempts: number };

export class JobQueue {
  readonly workerId: string;
  // Payload types differ per job; each handler re-validates its payload with its own schema.
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly lockMs: number;
  private readonly logger: Logger | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private isStopped = true;

  constructor(
    private readonly db: Db,
    options: JobQueueOptions = {},
  ) {
    this.workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.concurrency = options.concurrency ?? 4;
    this.lockMs = options.lockMs ?? 60 * 1000;
    this.logger = options.logger;
  }

  register<Payload>(definition: JobDefinition<Payload>): void {
    this.definitions.set(definition.name, definition as unknown as JobDefinition<never>);
  }

  async enqueue<Payload>(
    definition: JobSpec<Payload>,
    payload: Payload,
    options: EnqueueOptions = {},
  ): Promise<{ id: string; isNew: boolean }> {
    const db = options.trx ?? this.db;
    const inserted = await insertJob(db, newJobRow(definition, payload, options));
    if (inserted) {
      this.wake();
      return { id: inserted, isNew: true };
    }
    return { id: await jobIdByKey(db, definition.name, options.idempotencyKey ?? ''), isNew: false };
  }

  /**
   * Enqueues many jobs of one kind with one statement per 200 (bulk import). Each item has its
   * idempotency key; an item whose key is already queued is skipped, as with `enqueue`.
   */
  async enqueueMany<Payload>(
    definition: JobSpec<Payload>,
    items: readonly { payload: Payload; idempotencyKey: string }[],
    options: { trx?: Db } = {},
  ): Promise<void> {
    if (items.length === 0) return;
    for (let start = 0; start < items.length; start += 200)
      await this.jobsInsert(definition, items.slice(start, start + 200), options.trx).execute();
    this.wake();
  }

  /**
   * The statement that enqueues jobs, for callers that run it together with others
   * (`insertTogether`); call `notifyEnqueued` once it is committed.
   */
  jobsInsert<Payload>(
    definition: JobSpec<Payload>,
    items: readonly { payload: Payload; idempotencyKey: string }[],
    db: Db = this.db,
  ) {
    const runAt = new Date();
    return jobsInsert(
      db,
      items.map((item) => newJobRow(definition, item.payload, { idempotencyKey: item.idempotencyKey, runAt })),
    );
  }

  /** Lets the worker of this process look for jobs at once (after `jobsInsert` committed). */
  notifyEnqueued(): void {
    this.wake();
  }

  async get(id: string): Promise<JobRow> {
    const job = await findJob(this.db, id);
    if (!job) throw new AppError('JOB_NOT_FOUND', 'Job not found');
    return job;
  }

  /** Claims and runs due jobs until none is left; returns how many ran. For tests and CLI. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const ran = await this.runOnce();
      if (ran === 0) return total;
      total += ran;
    }
  }

  /**
   * Claims up to `concurrency` due jobs and runs them, and up to its batch size of each kind
   * that runs in batches; returns how many ran.
   */
  async runOnce(): Promise<number> {
    const definitions = [...this.definitions.values()];
    if (definitions.length === 0) return 0;
    const single = definitions.filter((d) => !d.batch).map((d) => d.name);
    const claims: Promise<number>[] = [];
    if (single.length > 0) {
      claims.push(
        this.claim(single, this.concurrency).then(
          async (jobs) => (await Promise.all(jobs.map((job) => this.execute(job)))).length,
        ),
      );
    }
    for (const definition of definitions) {
      if (!definition.batch) continue;
      claims.push(
        this.claim([definition.name], definition.batch.size).then(async (jobs) =>
          jobs.length > 0 ? (await this.executeBatch(definition, jobs), jobs.length) : 0,
        ),
      );
    }
    return (await Promise.all(claims)).reduce((a, b) => a + b, 0);
  }

  private claim(names: string[], limit: number) {
    const now = new Date();
    return dialectOf(this.db).claimJobs(this.db, {
      workerId: this.workerId,
      now: nowIso(now),
      lockedUntil: nowIso(new Date(now.getTime() + this.lockMs)),
      limit,
      names,
    });
  }

  /** Starts polling. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private wake(): void {
    if (!this.isStopped && !this.running) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isStopped || this.running) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger?.error({ err: error }, 'job queue poll failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.isStopped) this.schedule(this.pollIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const definition = this.definitions.get(job.name);
    if (!definition) return;
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      reportProgress: async (percent, message) => {
        const now = new Date();
        await updateHeldJobs(this.db, [job.id], this.workerId, {
          progress: Math.max(0, Math.min(100, Math.round(percent))),
          progress_message: message ?? null,
          locked_until: nowIso(new Date(now.getTime() + this.lockMs)),
          updated_at: nowIso(now),
        });
      },
    };
    const heartbeat = this.heartbeat([job.id]);
    try {
      const payload = definition.payload.parse(JSON.parse(job.payload));
      const result = await definition.handler(payload, context);
      await this.succeed([job.id], result);
    } catch (error) {
      await this.fail([job], definition, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Runs claimed jobs of a batch kind with one call of its batch handler. */
  private async executeBatch(definition: JobDefinition<never>, jobs: readonly ClaimedJob[]): Promise<void> {
    const heartbeat = this.heartbeat(jobs.map((job) => job.id));
    try {
      const parsed: { job: ClaimedJob; payload: never }[] = [];
      for (const job of jobs) {
        try {
          parsed.push({ job, payload: definition.payload.parse(JSON.parse(job.payload)) });
        } catch (error) {
          await this.fail([job], definition, error);
        }
      }
      if (parsed.length === 0) return;
      try {
        await definition.batch!.handler(parsed.map((p) => p.payload));
        await this.succeed(
          parsed.map((p) => p.job.id),
          undefined,
        );
      } catch (error) {
        await this.fail(
          parsed.map((p) => p.job),
          definition,
          error,
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  // Heartbeat: a live worker keeps extending its lease; a dead one's lease runs out after
  // `lockMs` and another worker takes the job over.
  private heartbeat(ids: readonly string[]): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        void updateHeldJobs(this.db, ids, this.workerId, {
          locked_until: nowIso(new Date(Date.now() + this.lockMs)),
        }).catch((error: unknown) => this.logger?.warn({ err: error, jobIds: ids }, 'job heartbeat failed'));
      },
      Math.max(50, Math.floor(this.lockMs / 3)),
    );
    timer.unref();
    return timer;
  }

  private async succeed(ids: readonly string[], result: unknown): Promise<void> {
    await updateJobs(this.db, ids, {
      status: 'succeeded',
      progress: 100,
      result: result === undefined ? null : JSON.stringify(result),
      locked_by: null,
      locked_until: null,
      updated_at: nowIso(),
    });
  }

  /** Back to the queue after a backoff, or dead after the last attempt (each job by its own count). */
  private async fail(jobs: readonly ClaimedJob[], definition: JobSpec<never>, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    for (const job of jobs) {
      const isDead = job.attempts >= job.max_attempts;
      const backoff = Math.min(MAX_BACKOFF_MS, (definition.backoffMs ?? 1000) * 2 ** (job.attempts - 1));
      this.logger?.warn({ jobId: job.id, name: job.name, attempt: job.attempts, isDead, err: error }, 'job failed');
      await updateJobs(this.db, [job.id], {
        status: isDead ? 'dead' : 'queued',
        run_at: nowIso(new Date(Date.now() + backoff)),
        last_error: message.slice(0, 4000),
        locked_by: null,
        locked_until: null,
        updated_at: nowIso(),
      });
    }
  }
}
