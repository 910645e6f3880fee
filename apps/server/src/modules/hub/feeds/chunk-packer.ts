/**
 * Builds a feed import's chunks on a thread of its own: the import's thread hands over each
 * block of events (their CSV lines and raw rows as UTF-8 bytes, and the party each kept event
 * goes to) and asks for the chunks at each flush; the packer gathers every party's events and
 * deflates them. So the import's thread neither copies an event's text nor compresses it, and
 * reads on while the previous flush is packed. The worker is plain JavaScript evaluated from a
 * string: it needs nothing but node:zlib, so it runs the same from sources and from the build.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

/** An event the packer leaves out (a duplicate). */
export const NO_PARTY = 0xffffffff;

const PACKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');
const NO_PARTY = ${NO_PARTY};
/** Per party: its events' CSV lines and raw rows since the last flush, in buffers kept across flushes. */
const parties = new Map();
const put = (held, which, source, start, end) => {
  const used = held[which + 'Used'];
  let target = held[which];
  if (used + end - start > target.length) {
    const grown = Buffer.allocUnsafeSlow(Math.max(used + end - start, target.length * 2));
    target.copy(grown, 0, 0, used);
    held[which] = target = grown;
  }
  // Copied now, not held as views until the flush: a million views outliving the young
  // generation cost the collector more than the copying.
  source.copy(target, used, start, end);
  held[which + 'Used'] = used + end - start;
};
// memLevel 4: a flush deflates thousands of small texts, and zlib's default state (256 KiB per
// call) made setting up cost three times the compressing (same ratio measured). Level 1: feed
// text is repetitive enough that more effort buys little. A copy of its own: a small result may
// sit in Node's shared pool, which must not be moved.
const deflate = (bytes, used) => new Uint8Array(deflateRawSync(bytes.subarray(0, used), { level: 1, memLevel: 4 }));
parentPort.on('message', (message) => {
  try {
    if (message.kind === 'block') {
      const { csvEnds, rawEnds, lines, parties: assigned } = message;
      const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
      let start = 0;
      for (let i = 0; i < assigned.length; i++) {
        const csvEnd = csvEnds[i];
        const rawEnd = rawEnds[i];
        const party = assigned[i];
        if (party !== NO_PARTY) {
          let held = parties.get(party);
          if (!held)
            parties.set(
              party,
              (held = { csv: Buffer.allocUnsafeSlow(4096), csvUsed: 0, raw: Buffer.allocUnsafeSlow(4096), rawUsed: 0, lines: [] }),
            );
          put(held, 'csv', bytes, start, csvEnd);
          put(held, 'raw', bytes, csvEnd, rawEnd);
          held.lines.push(lines[i]);
        }
        start = rawEnd;
      }
      return;
    }
    const chunks = [];
    for (const [party, held] of parties) {
      if (held.lines.length === 0) continue;
      chunks.push({
        party,
        events: held.lines.length,
        lines: held.lines.join(','),
        csv: deflate(held.csv, held.csvUsed),
        raw: deflate(held.raw, held.rawUsed),
      });
      held.csvUsed = 0;
      held.rawUsed = 0;
      held.lines = [];
    }
    parentPort.postMessage({ id: message.id, chunks }, chunks.flatMap((chunk) => [chunk.csv.buffer, chunk.raw.buffer]));
  } catch (error) {
    parentPort.postMessage({ id: message.id ?? -1, error: String((error && error.stack) || error) });
  }
});
`;

/** A block of events as the packer takes it: event i's CSV line is `bytes[rawEnds[i-1]..csvEnds[i])`, its raw row `[csvEnds[i]..rawEnds[i])`. */
export interface PackerBlock {
  bytes: Uint8Array;
  csvEnds: Uint32Array;
  rawEnds: Uint32Array;
  lines: Uint32Array;
  /** The party of each event (the import's own numbering), or NO_PARTY. */
  parties: Uint32Array;
}

/** One party's events since the last flush, deflated (raw DEFLATE, RFC 1951). */
export interface PackedChunk {
  party: number;
  events: number;
  /** The events' line numbers, comma-separated. */
  lines: string;
  csv: Uint8Array;
  raw: Uint8Array;
}

type PackerAnswer = { id: number; chunks: PackedChunk[] } | { id: number; error: string };

/** The packer of one import; `close` when the import ends, however it ends. */
export class ChunkPacker {
  private readonly worker = new Worker(PACKER_SOURCE, { eval: true });
  private readonly waiting = new Map<
    number,
    { resolve: (chunks: PackedChunk[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    // Kept alive only while a flush is awaited: a packer left behind never holds the process open.
    this.worker.unref();
    this.worker.on('message', (answer: PackerAnswer) => {
      const request = this.waiting.get(answer.id);
      if ('error' in answer) this.fail(new Error(`feed chunk packer: ${answer.error}`));
      else {
        this.waiting.delete(answer.id);
        request?.resolve(answer.chunks);
      }
      if (this.waiting.size === 0) this.worker.unref();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`feed chunk packer stopped (exit code ${code})`)));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.waiting.values()) request.reject(this.failure);
    this.waiting.clear();
  }

  /** Hands a block over (its memory moves to the packer: it must not be used afterwards). */
  add(block: PackerBlock): void {
    if (this.failure) throw this.failure;
    const buffers = new Set(
      [block.bytes, block.csvEnds, block.rawEnds, block.lines, block.parties].map((a) => a.buffer as ArrayBuffer),
    );
    this.worker.postMessage({ kind: 'block', ...block }, [...buffers]);
  }

  /** Every party's events handed over since the last flush, deflated. */
  flush(): Promise<PackedChunk[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ kind: 'flush', id });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** The text of a stored (deflated) chunk. */
export function inflateText(packed: Uint8Array): string {
  return inflateRawSync(packed).toString('utf8');
}
