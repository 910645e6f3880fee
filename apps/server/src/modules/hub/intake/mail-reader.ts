/**
 * Parse workers: parsing a report message and extracting its observables is ~1–2 ms of CPU per
 * 20 KB message, as much as filing it. Worker threads do it on the other cores while the main
 * thread writes (SQLite has one writer), so bulk import and the SMTP path overlap the two.
 *
 * They are also the safety limit for hostile mail: a worker has a heap limit (without one, a
 * worker reaching V8's limit takes the whole process down) and each message a time limit. A
 * worker that runs out of memory or time is ended; the messages it held are read again one at a
 * time in a worker of their own, so that the one that trips the limit alone is quarantined with
 * the reason and the others are read as usual.
 *
 * One pool per process and set of limits (reading is pure, so contexts can share it), started
 * on first use; idle workers exit after a few seconds and never keep the process alive. With
 * `RENKEI_INTAKE_WORKERS=0` messages are read on the calling thread, without limits. In
 * development (TypeScript sources) the workers run the sources through tsx, as the caller does.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../../platform/index.js';
import type { ParsedReportMail } from './mail-parser.js';
import type { ReadRequest, WorkerMessage } from './mail-reader.worker.js';
import { readReportMail, type ReadMail, type WordKeys } from './mail-reading.js';

const IDLE_EXIT_MS = 5_000;

export interface MailReaderOptions {
  /** Worker threads; 0 reads on the calling thread. */
  workers: number;
  /** Heap limit of a worker (V8 old generation), MiB. */
  memoryLimitMb?: number;
  /** Time a worker may take for a message, counted once the worker is running. */
  timeLimitMs?: number;
  /** Index keys of the body's words to compute with them (the database's `searchWordKeys`). */
  wordKeys?: WordKeys;
  /** How time limits are kept: real timers by default; tests pass their own to expire them at will. */
  timers?: TimeLimitTimers;
}

/** Arms and disarms a message's time limit. */
export interface TimeLimitTimers {
  set(ms: number, expire: () => void): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: TimeLimitTimers = {
  set(ms, expire) {
    const timer = setTimeout(expire, ms);
    timer.unref();
    return timer;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

const DEFAULT_MEMORY_LIMIT_MB = 2048;
const DEFAULT_TIME_LIMIT_MS = 60_000;

interface Request {
  id: number;
  raw: Buffer;
  wordKeys: WordKeys;
  resolve: (read: ReadMail) => void;
  reject: (error: Error) => void;
  /** Read by a worker of its own, after a worker holding it with others failed. */
  alone: boolean;
  timer?: unknown;
}

interface PooledWorker {
  worker: Worker;
  ready: boolean;
  pending: Map<number, Request>;
  /** Why it was ended, if the pool ended it. */
  ended?: string;
}

/** The default size: every core but the one that writes. */
export function defaultReaderCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Buffers cross the thread boundary as plain Uint8Arrays; attachments need to be Buffers again. */
function revive(read: ReadMail): ReadMail {
  if (read.kind !== 'parsed') return read;
  const parsed: ParsedReportMail = {
    ...read.parsed,
    attachments: read.parsed.attachments.map((a) => ({
      ...a,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
  };
  return { ...read, parsed };
}

class MailReaderPool {
  private readonly workers: PooledWorker[] = [];
  /** Messages to read again one at a time, and the worker reading them. */
  private readonly isolated: Request[] = [];
  private isolation: PooledWorker | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly size: number,
    private readonly memoryLimitMb: number,
    private readonly timeLimitMs: number,
    private readonly timers: TimeLimitTimers = REAL_TIMERS,
  ) {}

  read(raw: Buffer, wordKeys: WordKeys): Promise<ReadMail> {
    this.busy();
    return new Promise<ReadMail>((resolve, reject) => {
      this.dispatch(this.leastBusy(), { id: this.nextId++, raw, wordKeys, resolve, reject, alone: false });
    });
  }

  private busy(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private leastBusy(): PooledWorker {
    if (this.workers.length < this.size && this.workers.every((w) => w.pending.size > 0)) {
      const pooled = this.spawn();
      this.workers.push(pooled);
      return pooled;
    }
    return this.workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
  }

  private dispatch(target: PooledWorker, request: Request): void {
    target.pending.set(request.id, request);
    target.worker.ref();
    if (target.ready) this.startClock(target, request);
    const message: ReadRequest = { id: request.id, raw: request.raw, wordKeys: request.wordKeys };
    target.worker.postMessage(message);
  }

  /** The time limit runs from when the worker is running (starting one takes a while under tsx). */
  private startClock(target: PooledWorker, request: Request): void {
    request.timer = this.timers.set(this.timeLimitMs, () =>
      this.end(target, `took longer than ${this.timeLimitMs} ms`),
    );
  }

  private spawn(): PooledWorker {
    const worker = startWorker(new URL('./mail-reader.worker.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb },
    });
    const pooled: PooledWorker = { worker, ready: false, pending: new Map() };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        pooled.ready = true;
        for (const request of pooled.pending.values()) this.startClock(pooled, request);
        return;
      }
      const request = pooled.pending.get(message.id);
      if (!request) return;
      pooled.pending.delete(message.id);
      this.timers.clear(request.timer);
      if ('error' in message) request.reject(new Error(`parse worker: ${message.error}`));
      else request.resolve(revive(message.read));
      this.settled(pooled);
    });
    worker.on('error', (error) =>
      this.failed(
        pooled,
        (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `exhausted the parse worker's memory limit (${this.memoryLimitMb} MiB)`
          : `stopped the parse worker: ${error.message}`,
      ),
    );
    worker.on('exit', (code) => this.failed(pooled, pooled.ended ?? `stopped the parse worker (exit code ${code})`));
    return pooled;
  }

  /** Ends a worker (out of time, or idle); messages it still holds are handled as on any failure. */
  private end(pooled: PooledWorker, reason: string): void {
    if (pooled.ended) return;
    pooled.ended = reason;
    void pooled.worker.terminate();
  }

  /**
   * A worker failed (out of memory, out of time, crashed): a message it read alone is
   * quarantined with the reason; messages it held with others are read again, one at a time.
   */
  private failed(pooled: PooledWorker, reason: string): void {
    const index = this.workers.indexOf(pooled);
    if (index >= 0) this.workers.splice(index, 1);
    if (this.isolation === pooled) this.isolation = undefined;
    const requests = [...pooled.pending.values()];
    pooled.pending.clear();
    for (const request of requests) {
      this.timers.clear(request.timer);
      if (request.alone) request.resolve({ kind: 'quarantine', reason: `reading the message ${reason}` });
      else this.isolated.push({ ...request, alone: true });
    }
    this.readIsolated();
  }

  private readIsolated(): void {
    if (this.isolation?.pending.size) return;
    const next = this.isolated.shift();
    if (!next) return;
    this.busy();
    this.isolation ??= this.spawn();
    this.dispatch(this.isolation, { ...next, id: this.nextId++ });
  }

  private settled(pooled: PooledWorker): void {
    if (pooled === this.isolation) this.readIsolated();
    if (pooled.pending.size > 0) return;
    // An idle worker must not keep the process alive; all idle for a while, they exit.
    pooled.worker.unref();
    const all = this.isolation ? [...this.workers, this.isolation] : this.workers;
    if (all.some((w) => w.pending.size > 0) || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      for (const w of this.workers.splice(0)) if (w.pending.size === 0) this.end(w, 'idle');
      if (this.isolation && this.isolation.pending.size === 0) this.end(this.isolation, 'idle');
    }, IDLE_EXIT_MS);
    this.idleTimer.unref();
  }
}

const pools = new Map<string, MailReaderPool>();
const injectedPools = new WeakMap<TimeLimitTimers, MailReaderPool>();

/** Reads a raw message in a parse worker (or inline when `workers` is 0). */
export function readMail(raw: Buffer, options: MailReaderOptions): Promise<ReadMail> {
  if (options.workers <= 0) return readReportMail(raw, options.wordKeys);
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  // A pool of its own for injected timers (tests), shared by everyone else with the same limits.
  if (options.timers) {
    let own = injectedPools.get(options.timers);
    if (!own)
      injectedPools.set(
        options.timers,
        (own = new MailReaderPool(options.workers, memoryLimitMb, timeLimitMs, options.timers)),
      );
    return own.read(raw, options.wordKeys ?? 'none');
  }
  const key = `${options.workers}:${memoryLimitMb}:${timeLimitMs}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new MailReaderPool(options.workers, memoryLimitMb, timeLimitMs)));
  return pool.read(raw, options.wordKeys ?? 'none');
}
