/** Entry of a parse worker (see `mail-reader.ts`): reads one raw message per request. */
import { parentPort } from 'node:worker_threads';
import { readReportMail } from './mail-reading.js';

export interface ReadRequest {
  id: number;
  raw: Uint8Array;
}

const port = parentPort;
if (!port) throw new Error('mail-reader.worker runs as a worker thread');
port.on('message', (request: ReadRequest) => {
  readReportMail(Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength)).then(
    (read) => port.postMessage({ id: request.id, read }),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
