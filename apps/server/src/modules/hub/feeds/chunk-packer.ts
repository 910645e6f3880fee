/**
 * Deflates a feed import's chunks on a thread of its own, so that the import's thread reads on
 * while the previous flush is compressed (zlib's asynchronous calls would cost the caller's
 * thread a stream object per chunk: thousands per flush). The worker is plain JavaScript
 * evaluated from a string: it needs nothing but node:zlib, so it runs the same from sources
 * and from the build.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

const PACKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');
parentPort.on('message', ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, packed: texts.map((text) => deflateRawSync(text, { level: 1, memLevel: 4 })) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});
`;

type PackerAnswer = { id: number; packed: Uint8Array[] } | { id: number; error: string };

let packer: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (packed: Uint8Array[]) => void; reject: (error: Error) => void }>();

function packerWorker(): Worker {
  if (packer) return packer;
  const worker = new Worker(PACKER_SOURCE, { eval: true });
  worker.on('message', (answer: PackerAnswer) => {
    const request = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('error' in answer) request?.reject(new Error(`feed chunk packer: ${answer.error}`));
    else request?.resolve(answer.packed);
    if (waiting.size === 0) worker.unref();
  });
  const fail = (error: Error) => {
    packer = undefined;
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`feed chunk packer stopped (exit code ${code})`)));
  return (packer = worker);
}

/**
 * Raw DEFLATE (RFC 1951) of each text, level 1: feed text is repetitive enough that more effort
 * buys little. memLevel 4: a flush holds thousands of small texts, and zlib's default state
 * (256 KiB per call) made setting up cost three times the compressing (same ratio measured). The texts' memory moves to the packer (they must not be used afterwards).
 */
export function deflateTexts(texts: Uint8Array[]): Promise<Uint8Array[]> {
  const worker = packerWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.ref();
    // Each spool owns its ArrayBuffer (never Node's shared pool), so moving it is safe.
    const buffers = [...new Set(texts.map((text) => text.buffer as ArrayBuffer))];
    worker.postMessage({ id, texts }, buffers);
  });
}

/** The text of a stored (deflated) chunk. */
export function inflateText(packed: Uint8Array): string {
  return inflateRawSync(packed).toString('utf8');
}
