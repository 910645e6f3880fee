/** Entry of a parse worker (see `mail-reader.ts`): reads one raw message per request. */
import { parentPort } from 'node:worker_threads';
import { readReportMail, type ReadMail, type WordKeys } from './mail-reading.js';

export interface ReadRequest {
  id: number;
  raw: Uint8Array;
  wordKeys: WordKeys;
}

/** What a worker posts: that it is running (its time limits start), then one answer per request. */
export type WorkerMessage = { ready: true } | { id: number; read: ReadMail } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('mail-reader.worker runs as a worker thread');
const post = (message: WorkerMessage) => port.postMessage(message);
port.on('message', (request: ReadRequest) => {
  readReportMail(
    Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength),
    request.wordKeys,
  ).then(
    (read) => post({ id: request.id, read }),
    (error: unknown) =>
      post({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
post({ ready: true });
