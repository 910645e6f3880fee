/**
 * Cuts a comma-separated feed's bytes into blocks of whole records, so that several threads can read one
 * file: each block ends with a line break that is outside any quoted field. Works on bytes, without decoding: in UTF-8 and Shift_JIS (the encodings a feed is
 * cut in) the bytes of `"`, CR and LF never occur inside another character.
 * @module
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: the field's end, or the first of `""`. */
const QUOTE_SEEN = 3;

export class FeedBlockCutter {
  private parts: Uint8Array[] = [];
  private partsBytes = 0;
  /** Where in a record the bytes pushed so far end. */
  private state = FIELD_START;

  constructor(private readonly blockBytes = 1 << 20) {}

  /**
   * Takes the next bytes; returns the block they complete, if any (a block holds at least
   * `blockBytes`, up to the last record that ends in them).
   */
  push(chunk: Uint8Array): Uint8Array | undefined {
    // The reader's own states (csv-lines.ts): a quote opens a quoted field only at a field's
    // start, `""` inside one is a quote, and text after the closing quote is literal up to the
    // delimiter — so a stray quote inside a field never makes a line break look quoted.
    let state = this.state;
    let cut = -1; // the last record-ending LF in this chunk
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      const byte = chunk[i]!;
      if (state === QUOTED) {
        if (byte === QUOTE) state = QUOTE_SEEN;
      } else if (byte === QUOTE) {
        state = state === UNQUOTED ? UNQUOTED : QUOTED;
      } else if (byte === COMMA || byte === CR) state = FIELD_START;
      else if (byte === LF) {
        state = FIELD_START;
        cut = i;
      } else state = UNQUOTED;
    }
    this.state = state;
    if (cut >= 0 && this.partsBytes + cut + 1 >= this.blockBytes) {
      const block = join([...this.parts, chunk.subarray(0, cut + 1)]);
      const rest = chunk.subarray(cut + 1);
      this.parts = rest.length ? [rest] : [];
      this.partsBytes = rest.length;
      return block;
    }
    if (length) this.parts.push(chunk);
    this.partsBytes += length;
    return undefined;
  }

  /** What remains (the last block, perhaps without a final line break). */
  end(): Uint8Array | undefined {
    if (this.partsBytes === 0) return undefined;
    const block = join(this.parts);
    this.parts = [];
    this.partsBytes = 0;
    return block;
  }
}

/** Line breaks in `bytes` as the reader counts them: LF, CRLF (once) and a lone CR. */
export function lineBreaks(bytes: Uint8Array): number {
  let breaks = 0;
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) breaks++;
  for (let at = bytes.indexOf(CR); at >= 0; at = bytes.indexOf(CR, at + 1)) if (bytes[at + 1] !== LF) breaks++;
  return breaks;
}

/** A copy in memory of its own (never a stream's or Node's shared pool): it can be moved to another thread. */
function join(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  // Not zero-filled (every byte is written next): allocating zeroed memory cost more than the copy.
  const joined = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
