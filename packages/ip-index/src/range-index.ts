/**
 * A read-only index of non-overlapping address ranges, each carrying a value (an AS, a country):
 * starts and ends in typed arrays sorted by start, values deduplicated in one array, looked up
 * by binary search. 400,000 IPv4 ranges take about 5 MB; a look-up is ~20 comparisons and no
 * allocation.
 * @module
 */
import {
  compareIpv6,
  enclosingPrefixV4,
  enclosingPrefixV6,
  formatIpv4,
  formatIpv6,
  parseIpv4,
  parseIpv6,
  type Ipv6Words,
} from './address.js';

export interface RangeHit<V> {
  value: V;
  /** The range as the data set gives it. */
  start: string;
  end: string;
  /** The largest CIDR block inside the range that holds the address. */
  prefix: string;
}

/** An index as parts (`IpRangeIndex.toParts`): what crosses to another thread. */
export interface IpRangeIndexParts<V> {
  v4Starts: Uint32Array;
  v4Ends: Uint32Array;
  v4Values: Uint32Array;
  v6Starts: Uint32Array;
  v6Ends: Uint32Array;
  v6Values: Uint32Array;
  values: readonly V[];
}

export class IpRangeIndex<V> {
  constructor(
    private readonly v4Starts: Uint32Array,
    private readonly v4Ends: Uint32Array,
    private readonly v4Values: Uint32Array,
    /** Four words per range, most significant first. */
    private readonly v6Starts: Uint32Array,
    private readonly v6Ends: Uint32Array,
    private readonly v6Values: Uint32Array,
    private readonly values: readonly V[],
  ) {}

  /**
   * The index as plain parts another thread can rebuild it from (`IpRangeIndex.fromParts`). The
   * ranges are copied once into shared memory, so every thread that rebuilds the index reads the
   * same bytes; the values are copied with the message.
   */
  toParts(): IpRangeIndexParts<V> {
    if (!this.shared) {
      const share = (array: Uint32Array) => {
        const copy = new Uint32Array(new SharedArrayBuffer(array.byteLength));
        copy.set(array);
        return copy;
      };
      this.shared = {
        v4Starts: share(this.v4Starts),
        v4Ends: share(this.v4Ends),
        v4Values: share(this.v4Values),
        v6Starts: share(this.v6Starts),
        v6Ends: share(this.v6Ends),
        v6Values: share(this.v6Values),
        values: this.values,
      };
    }
    return this.shared;
  }

  private shared: IpRangeIndexParts<V> | undefined;

  static fromParts<V>(parts: IpRangeIndexParts<V>): IpRangeIndex<V> {
    return new IpRangeIndex(
      parts.v4Starts,
      parts.v4Ends,
      parts.v4Values,
      parts.v6Starts,
      parts.v6Ends,
      parts.v6Values,
      parts.values,
    );
  }

  get size(): { v4: number; v6: number; values: number } {
    return { v4: this.v4Starts.length, v6: this.v6Values.length, values: this.values.length };
  }

  /** The value for an address given as text (IPv4 or IPv6), or undefined. */
  find(address: string): V | undefined {
    const v4 = parseIpv4(address);
    if (v4 !== undefined) return this.findV4(v4);
    const v6 = parseIpv6(address);
    if (v6 === undefined) return undefined;
    const mapped = mappedIpv4(v6);
    if (mapped !== undefined) return this.findV4(mapped);
    const slot = this.slotV6(v6);
    return slot < 0 ? undefined : this.values[this.v6Values[slot]!];
  }

  findV4(address: number): V | undefined {
    const slot = this.slotV4(address);
    return slot < 0 ? undefined : this.values[this.v4Values[slot]!];
  }

  /** The value with the range it came from, for answers that show their evidence. */
  lookup(address: string): RangeHit<V> | undefined {
    const v4 =
      parseIpv4(address) ??
      (() => {
        const v6 = parseIpv6(address);
        return v6 === undefined ? undefined : mappedIpv4(v6);
      })();
    if (v4 !== undefined) {
      const slot = this.slotV4(v4);
      if (slot < 0) return undefined;
      const start = this.v4Starts[slot]!;
      const end = this.v4Ends[slot]!;
      const prefix = enclosingPrefixV4(start, end, v4);
      return {
        value: this.values[this.v4Values[slot]!]!,
        start: formatIpv4(start),
        end: formatIpv4(end),
        prefix: `${formatIpv4(prefix.network)}/${prefix.length}`,
      };
    }
    const v6 = parseIpv6(address);
    if (v6 === undefined) return undefined;
    const slot = this.slotV6(v6);
    if (slot < 0) return undefined;
    const start = this.wordsAt(this.v6Starts, slot);
    const end = this.wordsAt(this.v6Ends, slot);
    const prefix = enclosingPrefixV6(start, end, v6);
    return {
      value: this.values[this.v6Values[slot]!]!,
      start: formatIpv6(start),
      end: formatIpv6(end),
      prefix: `${formatIpv6(prefix.network)}/${prefix.length}`,
    };
  }

  private slotV4(address: number): number {
    const starts = this.v4Starts;
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (starts[middle]! <= address) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found >= 0 && address <= this.v4Ends[found]! ? found : -1;
  }

  private slotV6(address: Ipv6Words): number {
    let low = 0;
    let high = this.v6Values.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (compareAt(this.v6Starts, middle, address) <= 0) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found >= 0 && compareAt(this.v6Ends, found, address) >= 0 ? found : -1;
  }

  private wordsAt(array: Uint32Array, slot: number): Ipv6Words {
    const base = slot * 4;
    return [array[base]!, array[base + 1]!, array[base + 2]!, array[base + 3]!];
  }
}

/** Compares the range bound at `slot` with an address: negative when the bound is lower. */
function compareAt(array: Uint32Array, slot: number, address: Ipv6Words): number {
  const base = slot * 4;
  for (let i = 0; i < 4; i++) {
    const word = array[base + i]!;
    if (word !== address[i]) return word < address[i]! ? -1 : 1;
  }
  return 0;
}

/** ::ffff:a.b.c.d is an IPv4 address. */
function mappedIpv4(words: Ipv6Words): number | undefined {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff ? words[3] : undefined;
}

/**
 * Collects ranges in any order and builds the index. Where ranges overlap, the inner (more
 * specific) one wins: geolocation data sets list a few addresses of a block in another country
 * inside the block's own range. Of two ranges that cross, the one starting later wins.
 */
export class IpRangeIndexBuilder<V> {
  private v4: { start: number; end: number; value: number }[] = [];
  private v6: { start: Ipv6Words; end: Ipv6Words; value: number }[] = [];
  private readonly values: V[] = [];
  private readonly valueSlots = new Map<string, number>();
  rejected = 0;

  constructor(private readonly keyOf: (value: V) => string = (value) => JSON.stringify(value)) {}

  private slotOf(value: V): number {
    const key = this.keyOf(value);
    let slot = this.valueSlots.get(key);
    if (slot === undefined) {
      slot = this.values.length;
      this.values.push(value);
      this.valueSlots.set(key, slot);
    }
    return slot;
  }

  addV4(start: number, end: number, value: V): void {
    if (!(start >= 0 && end <= 0xffffffff && start <= end)) {
      this.rejected++;
      return;
    }
    this.v4.push({ start, end, value: this.slotOf(value) });
  }

  addV6(start: Ipv6Words, end: Ipv6Words, value: V): void {
    if (compareIpv6(start, end) > 0) {
      this.rejected++;
      return;
    }
    this.v6.push({ start, end, value: this.slotOf(value) });
  }

  build(): IpRangeIndex<V> {
    const v4 = flatten(
      this.v4,
      (a, b) => a - b,
      (x) => x + 1,
      (x) => x - 1,
    );
    const v6 = flatten(
      this.v6,
      compareIpv6,
      (x) => stepIpv6(x, 1),
      (x) => stepIpv6(x, -1),
    );
    const v4Starts = new Uint32Array(v4.length);
    const v4Ends = new Uint32Array(v4.length);
    const v4Values = new Uint32Array(v4.length);
    v4.forEach((range, i) => {
      v4Starts[i] = range.start;
      v4Ends[i] = range.end;
      v4Values[i] = range.value;
    });
    const v6Starts = new Uint32Array(v6.length * 4);
    const v6Ends = new Uint32Array(v6.length * 4);
    const v6Values = new Uint32Array(v6.length);
    v6.forEach((range, i) => {
      v6Starts.set(range.start, i * 4);
      v6Ends.set(range.end, i * 4);
      v6Values[i] = range.value;
    });
    this.v4 = [];
    this.v6 = [];
    return new IpRangeIndex(v4Starts, v4Ends, v4Values, v6Starts, v6Ends, v6Values, this.values);
  }
}

interface Range<A> {
  start: A;
  end: A;
  value: number;
}

/**
 * Disjoint ranges from possibly nested ones, each address taking the value of the innermost
 * range holding it (a sweep over ranges sorted by start, outer before inner, with a stack of
 * the ranges open at the cursor).
 */
function flatten<A>(
  ranges: Range<A>[],
  compare: (a: A, b: A) => number,
  next: (a: A) => A,
  previous: (a: A) => A,
): Range<A>[] {
  ranges.sort((a, b) => compare(a.start, b.start) || compare(b.end, a.end));
  const out: Range<A>[] = [];
  const stack: Range<A>[] = [];
  let cursor: A | undefined;
  const push = (start: A, end: A, value: number) => {
    const last = out.at(-1);
    // Adjacent pieces of one value are one range again (an inner range of the same value).
    if (last && last.value === value && compare(next(last.end), start) === 0) last.end = end;
    else out.push({ start, end, value });
  };
  /** Emits what the open ranges cover from the cursor up to (not including) `limit`, or to the end. */
  const emitUntil = (limit: A | undefined) => {
    while (stack.length && cursor !== undefined) {
      const top = stack.at(-1)!;
      if (compare(top.end, cursor) < 0) {
        stack.pop();
        continue;
      }
      if (limit !== undefined && compare(cursor, limit) >= 0) return;
      const end = limit !== undefined && compare(top.end, previous(limit)) > 0 ? previous(limit) : top.end;
      push(cursor, end, top.value);
      const atTop = compare(end, top.end) === 0;
      // The address space ends at the top range's end: nothing follows.
      if (atTop && compare(next(end), end) <= 0) {
        stack.length = 0;
        cursor = undefined;
        return;
      }
      cursor = next(end);
      if (atTop) stack.pop();
    }
  };
  for (const range of ranges) {
    emitUntil(range.start);
    stack.push(range);
    cursor = range.start;
  }
  emitUntil(undefined);
  return out;
}

/** The IPv6 address one above or below (saturating at the ends of the space). */
function stepIpv6(address: Ipv6Words, step: 1 | -1): Ipv6Words {
  const words = [...address];
  for (let i = 3; i >= 0; i--) {
    if (step === 1) {
      if (words[i] !== 0xffffffff) {
        words[i] = words[i]! + 1;
        return words as unknown as Ipv6Words;
      }
      words[i] = 0;
    } else {
      if (words[i] !== 0) {
        words[i] = words[i]! - 1;
        return words as unknown as Ipv6Words;
      }
      words[i] = 0xffffffff;
    }
  }
  return address; // ::/ffff… boundary: stay
}
