/**
 * Parse workers: parsing a report message and extracting its observables is ~2 ms of CPU per
 * 20 KB message, as much as filing it. Worker threads do it on the other cores while the main
 * thread writes (SQLite has one writer), so bulk import and the SMTP path overlap the two.
 *
 * One pool per process (reading is pure, so contexts can share it), started on first use; idle
 * workers exit after a few seconds and never keep the process alive. With `RENKEI_INTAKE_WORKERS=0`
 * messages are read on the calling thread. In development (TypeScript sources) the workers
 * run the sources through tsx, as the caller does.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParsedReportMail } from './mail-parser.js';
import type { ReadRequest } from './mail-reader.worker.js';
import { readReportMail, type ReadMail } from './mail-reading.js';

const IDLE_EXIT_MS = 5_000;

type Reply = { id: number; read: ReadMail } | { id: number; error: string };

interface PooledWorker {
  worker: Worker;
  pending: Map<number, { resolve: (read: ReadMail) => void; reject: (error: Error) => void }>;
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
    attachments: read.parsed.attachments.map((a) => ({ ...a, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) })),
  };
  return { ...read, parsed };
}

class MailReaderPool {
  private readonly workers: PooledWorker[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly size: number) {}

  read(raw: Buffer): Promise<ReadMail> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const target = this.leastBusy();
    const id = this.nextId++;
    return new Promise<ReadMail>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.ref();
      const request: ReadRequest = { id, raw };
      target.worker.postMessage(request);
    });
  }

  private leastBusy(): PooledWorker {
    if (this.workers.length < this.size && this.workers.every((w) => w.pending.size > 0)) return this.spawn();
    return this.workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
  }

  private spawn(): PooledWorker {
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSources ? './mail-reader.worker.ts' : './mail-reader.worker.js', import.meta.url);
    // From TypeScript sources (tests, benchmarks) the worker registers tsx's loader first.
    const worker = fromSources
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, execArgv: ['--conditions=source'] })
      : // Built code resolves the built packages, whatever conditions the parent was started with.
        new Worker(entry, { execArgv: process.execArgv.filter((arg) => !arg.startsWith('--conditions')) });
    const pooled: PooledWorker = { worker, pending: new Map() };
    worker.on('message', (reply: Reply) => {
      const waiting = pooled.pending.get(reply.id);
      pooled.pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`parse worker: ${reply.error}`));
      else waiting?.resolve(revive(reply.read));
      this.settled(pooled);
    });
    const fail = (error: Error) => {
      const index = this.workers.indexOf(pooled);
      if (index >= 0) this.workers.splice(index, 1);
      for (const waiting of pooled.pending.values()) waiting.reject(error);
      pooled.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`parse worker exited with code ${code}`)));
    this.workers.push(pooled);
    return pooled;
  }

  private settled(pooled: PooledWorker): void {
    if (pooled.pending.size > 0) return;
    // An idle worker must not keep the process alive; all idle for a while, they exit.
    pooled.worker.unref();
    if (this.workers.some((w) => w.pending.size > 0) || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      for (const w of this.workers.splice(0)) if (w.pending.size === 0) void w.worker.terminate();
    }, IDLE_EXIT_MS);
    this.idleTimer.unref();
  }
}

const pools = new Map<number, MailReaderPool>();

/** Reads a raw message in a parse worker (or inline when `workers` is 0). */
export function readMail(raw: Buffer, workers: number): Promise<ReadMail> {
  if (workers <= 0) return readReportMail(raw);
  let pool = pools.get(workers);
  if (!pool) pools.set(workers, (pool = new MailReaderPool(workers)));
  return pool.read(raw);
}
