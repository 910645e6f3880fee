/**
 * Reads a large Shadowserver report on several threads. The import's thread only cuts the bytes
 * into blocks of whole records (FeedBlockCutter: no decoding, no parsing) and hands them out;
 * the reading threads (feed-reader.worker.ts) decode, parse, harmonise, key and enrich them and
 * answer in typed arrays; the blocks come back in file order, so the import files them exactly
 * as if it had read the file itself (the same events, duplicates, lines and problems: tested).
 * Small files, other formats and UTF-16 are read on the import's thread (`readFeedBatches`).
 * @module
 */
import { availableParallelism } from 'node:os';
import { TextDecoder } from 'node:util';
import type { Worker } from 'node:worker_threads';
import {
  detectEncoding,
  FeedBlockCutter,
  readCsvBatches,
  readFeedBatches,
  shadowserverRows,
  type CsvRecord,
  type FeedItem,
  type FeedReadInfo,
  type FeedReadOptions,
} from '@renkei/feeds';
import { startWorker } from '../../../platform/index.js';
import type { NetworkIndexes } from './feed-enrichment.js';
import type { BlockRequest, BlockResult, NetworkMessage, ReaderMessage } from './feed-reader.worker.js';

export interface ParallelReading {
  /** Files of fewer bytes are read on the import's thread (starting threads costs more). */
  fromBytes: number;
  blockBytes: number;
  threads: number;
}

export const DEFAULT_PARALLEL_READING: ParallelReading = {
  fromBytes: 8 * 1024 * 1024,
  blockBytes: 1024 * 1024,
  // Every core: the import's own thread mostly waits for them.
  threads: Math.max(1, Math.min(4, availableParallelism())),
};

/** Blocks in flight per thread: one being read while the next waits, and one being filed. */
const IN_FLIGHT_PER_THREAD = 2;
/** How much of the file's start the encoding and header are judged on. */
const SNIFF_BYTES = 64 * 1024;
const HEADER_BYTES = 1024 * 1024;

let generations = 0;
const generationOf = new WeakMap<NetworkIndexes, number>();

/** A pool of reading threads for one import. */
class FeedReaders {
  private readonly threads: { worker: Worker; pending: number; failed?: Error }[] = [];
  private readonly waiting = new Map<number, { resolve: (result: BlockResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  readonly generation: number;

  constructor(count: number, network: NetworkIndexes) {
    let generation = generationOf.get(network);
    if (generation === undefined) generationOf.set(network, (generation = ++generations));
    this.generation = generation;
    const setup: NetworkMessage = {
      kind: 'network',
      generation,
      asn: network.asn.toParts(),
      country: network.country.toParts(),
    };
    for (let i = 0; i < count; i++) {
      const worker = startWorker(new URL('./feed-reader.worker.js', import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: 32 },
      });
      const thread: (typeof this.threads)[number] = { worker, pending: 0 };
      worker.on('message', (message: ReaderMessage) => {
        if ('ready' in message) return;
        const request = this.waiting.get(message.id);
        if (!request) return;
        this.waiting.delete(message.id);
        thread.pending--;
        if ('error' in message) request.reject(new Error(`feed reader: ${message.error}`));
        else request.resolve(message);
      });
      const fail = (error: Error) => {
        thread.failed = error;
        // Its requests cannot be told apart from the others': the import fails as a whole.
        for (const request of this.waiting.values()) request.reject(error);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`feed reader stopped (exit code ${code})`)));
      worker.postMessage(setup);
      this.threads.push(thread);
    }
  }

  read(request: Omit<BlockRequest, 'id' | 'kind' | 'generation'>): Promise<BlockResult> {
    const thread = this.threads.reduce((best, next) => (next.pending < best.pending ? next : best));
    if (thread.failed) return Promise.reject(thread.failed);
    const id = this.nextId++;
    thread.pending++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message: BlockRequest = { ...request, kind: 'block', id, generation: this.generation };
      thread.worker.postMessage(message, [request.block.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    for (const thread of this.threads) thread.worker.removeAllListeners('exit');
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}

async function* chunksOf(first: Uint8Array[], rest: AsyncIterator<Uint8Array> | Iterator<Uint8Array>) {
  yield* first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The feed's items: arrays of items read on this thread (`readFeedBatches`), or blocks read by
 * the reading threads, in file order. `addresses`: the blocks carry what a constituency match needs.
 */
export async function* readFeedInParallel(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FeedReadOptions,
  info: FeedReadInfo,
  network: NetworkIndexes,
  addresses: boolean,
  reading: ParallelReading = DEFAULT_PARALLEL_READING,
): AsyncGenerator<FeedItem[] | BlockResult> {
  const iterator = Symbol.asyncIterator in bytes ? bytes[Symbol.asyncIterator]() : bytes[Symbol.iterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < Math.max(reading.fromBytes, SNIFF_BYTES, 1)) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const sequential = () => readFeedBatches(chunksOf(head, iterator), options, info);
  if (options.format !== 'shadowserver' || reading.threads < 1 || (ended && headBytes < reading.fromBytes)) {
    yield* sequential();
    return;
  }
  const { encoding, bom } = detectEncoding(Buffer.concat(head, Math.min(headBytes, SNIFF_BYTES)));
  if (encoding !== 'utf-8' && encoding !== 'shift_jis') {
    yield* sequential();
    return;
  }
  // The header: the first record that is not blank, followed by at least one more record.
  const headText = new TextDecoder(encoding, { ignoreBOM: true }).decode(
    Buffer.concat(head, Math.min(headBytes, HEADER_BYTES)).subarray(bom),
    {
      stream: true,
    },
  );
  let headerRecord: CsvRecord | undefined;
  let headerComplete = false;
  for await (const records of readCsvBatches([headText]))
    for (const record of records) {
      if (headerRecord !== undefined) {
        headerComplete = true;
        break;
      }
      if (record.raw !== '') headerRecord = record;
    }
  if (headerRecord === undefined || !headerComplete) {
    yield* sequential();
    return;
  }
  const header = headerRecord.raw;
  const rows = shadowserverRows(headerRecord, options, info);
  info.encoding = encoding;
  if (typeof rows !== 'function') {
    yield [rows];
    return;
  }

  const readers = new FeedReaders(reading.threads, network);
  const inFlight: Promise<BlockResult>[] = [];
  // A block that fails while others are in flight: theirs are awaited (and dropped) before it is thrown.
  const settle = () => Promise.allSettled(inFlight);
  try {
    const cutter = new FeedBlockCutter(reading.blockBytes);
    let first = true;
    let bomLeft = bom;
    const send = (block: Uint8Array) => {
      inFlight.push(readers.read({ options, encoding, header, skipHeader: first, block, addresses }));
      first = false;
    };
    // Each thread numbers its block's lines from 1; they are moved to the file's here, in order.
    let lineOffset = 0;
    const inFile = (result: BlockResult): BlockResult => {
      if (lineOffset > 0) {
        for (let i = 0; i < result.lines.length; i++) result.lines[i]! += lineOffset;
        for (const item of result.problems) {
          item.line += lineOffset;
          item.problem.line += lineOffset;
        }
      }
      lineOffset += result.breaks;
      return result;
    };
    for await (let chunk of chunksOf(head, iterator)) {
      if (bomLeft > 0) {
        const skipped = Math.min(bomLeft, chunk.length);
        chunk = chunk.subarray(skipped);
        bomLeft -= skipped;
      }
      const block = cutter.push(chunk);
      if (block) send(block);
      while (inFlight.length >= reading.threads * IN_FLIGHT_PER_THREAD) yield inFile(await inFlight.shift()!);
    }
    const last = cutter.end();
    if (last) send(last);
    while (inFlight.length) yield inFile(await inFlight.shift()!);
  } catch (error) {
    await settle();
    throw error;
  } finally {
    await readers.close();
  }
}
