/**
 * The set of events an import has seen, by their 96-bit de-duplication keys, in typed arrays:
 * 24 bytes per distinct event and nothing for the garbage collector to trace (a Set of a million
 * key strings made the collector a fifth of a feed's time).
 * @module
 */

const EMPTY = 0;

export class EventKeySet {
  /** Three 32-bit words per slot. */
  private words: Uint32Array;
  /** 1 where a slot is taken (a key may be all zeros). */
  private taken: Uint8Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let slots = 1;
    while (slots < capacity * 2) slots *= 2;
    this.words = new Uint32Array(slots * 3);
    this.taken = new Uint8Array(slots);
    this.mask = slots - 1;
  }

  /** Adds a key (three 32-bit words); false when it was there already. */
  add(key: Uint32Array): boolean {
    const a = key[0]!;
    const b = key[1]!;
    const c = key[2]!;
    // Hash output is uniform: its own bits index the table (linear probing).
    let slot = a & this.mask;
    while (this.taken[slot] !== EMPTY) {
      const at = slot * 3;
      if (this.words[at] === a && this.words[at + 1] === b && this.words[at + 2] === c) return false;
      slot = (slot + 1) & this.mask;
    }
    const at = slot * 3;
    this.words[at] = a;
    this.words[at + 1] = b;
    this.words[at + 2] = c;
    this.taken[slot] = 1;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  private grow(): void {
    const { words, taken } = this;
    const slots = (this.mask + 1) * 2;
    this.words = new Uint32Array(slots * 3);
    this.taken = new Uint8Array(slots);
    this.mask = slots - 1;
    for (let old = 0; old < taken.length; old++) {
      if (taken[old] === EMPTY) continue;
      const a = words[old * 3]!;
      let slot = a & this.mask;
      while (this.taken[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.words.set(words.subarray(old * 3, old * 3 + 3), slot * 3);
      this.taken[slot] = 1;
    }
  }
}

/**
 * Text appended piece by piece and taken out whole, held as UTF-8 outside the JavaScript heap:
 * an import's per-party buffers of CSV lines and raw rows would otherwise be millions of small
 * strings that live long enough to be promoted and traced.
 */
export class TextSpool {
  private bytes: Buffer;
  private used = 0;

  constructor(initialBytes = 1024) {
    // Memory of its own (never Node's shared pool), so that it can be moved to another thread.
    this.bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  get length(): number {
    return this.used;
  }

  append(text: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    this.used += this.bytes.write(text, this.used, 'utf8');
  }

  /** Appends bytes that are already UTF-8 (`bytes[start..end)`). */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(bytes.subarray(start, end), this.used);
    this.used += end - start;
  }

  private reserve(more: number): void {
    const needed = this.used + more;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  /**
   * The text appended so far as UTF-8, without a copy: the bytes are the caller's (its
   * ArrayBuffer may be moved to another thread) and the spool starts again with new memory.
   */
  takeBytes(): Uint8Array {
    const taken = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.used);
    this.bytes = Buffer.allocUnsafeSlow(1024);
    this.used = 0;
    return taken;
  }

  /** The text appended so far; the spool is then empty. */
  take(): string {
    const text = this.bytes.toString('utf8', 0, this.used);
    this.used = 0;
    return text;
  }
}
