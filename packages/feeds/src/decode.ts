/**
 * Feed files arrive as bytes in whatever encoding the sender's tools wrote: UTF-8 (with or
 * without a byte-order mark), UTF-16 with a mark, or — from Japanese spreadsheet exports —
 * Shift_JIS. The encoding is decided from the first block and applied to the whole stream;
 * bytes that are not valid in it become U+FFFD, which the readers report per line.
 * @module
 */
import { TextDecoder } from 'node:util';

export type FeedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis';

/** How many bytes the encoding is judged on. */
const SNIFF_BYTES = 64 * 1024;

export function detectEncoding(head: Uint8Array): { encoding: FeedEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (isValid('utf-8', head)) return { encoding: 'utf-8', bom: 0 };
  if (isValid('shift_jis', head)) return { encoding: 'shift_jis', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

function isValid(encoding: string, bytes: Uint8Array): boolean {
  try {
    // stream: true — a character cut at the end of the sniffed block is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a byte stream to text chunks. `onEncoding` hears the encoding once it is decided
 * (before the first chunk).
 */
export async function* decodeFeed(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  onEncoding?: (encoding: FeedEncoding) => void,
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const start = function* (atEnd: boolean): Generator<string> {
    const head = concat(pending, pendingBytes);
    const { encoding, bom } = detectEncoding(head);
    onEncoding?.(encoding);
    decoder = new TextDecoder(encoding, { ignoreBOM: true });
    const text = decoder.decode(head.subarray(bom), { stream: !atEnd });
    pending = [];
    if (text) yield text;
  };
  for await (const chunk of bytes) {
    if (decoder) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
      continue;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= SNIFF_BYTES) yield* start(false);
  }
  if (!decoder) {
    yield* start(true);
    return;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
