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
  let decoder: { decode(bytes: Uint8Array, options?: { stream?: boolean }): string } | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const start = function* (atEnd: boolean): Generator<string> {
    const head = concat(pending, pendingBytes);
    const { encoding, bom } = detectEncoding(head);
    onEncoding?.(encoding);
    decoder = encoding === 'utf-8' ? new Utf8Decoder() : new TextDecoder(encoding, { ignoreBOM: true });
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
  const rest = decoder.decode(new Uint8Array(0));
  if (rest) yield rest;
}

/**
 * UTF-8 through Node's own decoder (SIMD: 5–10 times faster than TextDecoder on feed text), with
 * TextDecoder's streaming contract: a character cut at a chunk's end waits for the next chunk,
 * and invalid bytes become U+FFFD.
 */
export class Utf8Decoder {
  private carry: Uint8Array | undefined;

  decode(chunk: Uint8Array, options: { stream?: boolean } = {}): string {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    let end = bytes.length;
    if (options.stream) {
      end = completeLength(bytes);
      if (end < bytes.length) this.carry = bytes.slice(end);
    }
    return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8');
  }
}

/** The length of `bytes` without a last character that is cut short (its remaining bytes are still to come). */
function completeLength(bytes: Uint8Array): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const byte = bytes[lead]!;
  const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return bytes.length - lead >= size ? bytes.length : lead;
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
