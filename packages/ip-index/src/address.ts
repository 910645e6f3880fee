/**
 * IP addresses as numbers: IPv4 as one unsigned 32-bit integer, IPv6 as four (most significant
 * first). Hand-written because the index parses millions of addresses a second and a general
 * library (ipaddr.js) allocates an object per address; the edge cases (`::`, embedded IPv4, zone
 * identifiers, leading zeros) are pinned by tests against Node's own `net.isIP`.
 * @module
 */

/** An IPv6 address as four unsigned 32-bit words, most significant first. */
export type Ipv6Words = readonly [number, number, number, number];

/** Parses dotted-quad IPv4 (no leading zeros beyond a single 0, no octal) to an unsigned 32-bit integer. */
export function parseIpv4(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero: ambiguous (octal in some parsers)
      octet = octet * 10 + (code - 48);
      if (octet > 255) return undefined;
      digits++;
    } else if (code === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses an IPv6 address (with `::`, an embedded IPv4 tail, or a `%zone`, which is ignored). */
export function parseIpv6(text: string): Ipv6Words | undefined {
  const percent = text.indexOf('%');
  const address = percent >= 0 ? text.slice(0, percent) : text;
  if (address.length < 2 || address.length > 45) return undefined;
  const doubleColon = address.indexOf('::');
  if (doubleColon >= 0 && address.indexOf('::', doubleColon + 1) >= 0) return undefined;
  const head = doubleColon >= 0 ? address.slice(0, doubleColon) : address;
  const tail = doubleColon >= 0 ? address.slice(doubleColon + 2) : '';
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups: number[] = [];
  const pushGroups = (parts: string[], isLastPart: boolean): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (isLastPart && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return false;
        groups.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (part.length === 0 || part.length > 4 || !/^[0-9a-fA-F]+$/.test(part)) return false;
      groups.push(Number.parseInt(part, 16));
    }
    return true;
  };
  if (!pushGroups(headGroups, doubleColon < 0)) return undefined;
  const headCount = groups.length;
  if (!pushGroups(tailGroups, true)) return undefined;
  if (doubleColon >= 0) {
    if (groups.length > 7) return undefined;
    groups.splice(headCount, 0, ...new Array<number>(8 - groups.length).fill(0));
  } else if (groups.length !== 8) return undefined;
  return [
    ((groups[0]! << 16) | groups[1]!) >>> 0,
    ((groups[2]! << 16) | groups[3]!) >>> 0,
    ((groups[4]! << 16) | groups[5]!) >>> 0,
    ((groups[6]! << 16) | groups[7]!) >>> 0,
  ];
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
export function formatIpv6(words: Ipv6Words): string {
  const groups: number[] = [];
  for (const word of words) groups.push(word >>> 16, word & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses a decimal 128-bit integer (ip-location-db's `-num` files) to IPv6 words. */
export function ipv6WordsFromDecimal(decimal: string): Ipv6Words | undefined {
  if (!/^\d{1,39}$/.test(decimal)) return undefined;
  const value = BigInt(decimal);
  if (value >> 128n !== 0n) return undefined;
  return [
    Number((value >> 96n) & 0xffffffffn),
    Number((value >> 64n) & 0xffffffffn),
    Number((value >> 32n) & 0xffffffffn),
    Number(value & 0xffffffffn),
  ];
}

export function compareIpv6(a: Ipv6Words, b: Ipv6Words): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/**
 * The largest CIDR block that lies inside [start, end] and contains `address` — the "prefix" a
 * handler reads for an address in a range that is not itself one block.
 */
export function enclosingPrefixV4(start: number, end: number, address: number): { network: number; length: number } {
  for (let length = 0; length <= 32; length++) {
    const size = 2 ** (32 - length);
    const network = Math.floor(address / size) * size;
    if (network >= start && network + size - 1 <= end) return { network, length };
  }
  return { network: address, length: 32 };
}

export function enclosingPrefixV6(
  start: Ipv6Words,
  end: Ipv6Words,
  address: Ipv6Words,
): { network: Ipv6Words; length: number } {
  const toBig = (w: Ipv6Words) => (BigInt(w[0]) << 96n) | (BigInt(w[1]) << 64n) | (BigInt(w[2]) << 32n) | BigInt(w[3]);
  const s = toBig(start);
  const e = toBig(end);
  const a = toBig(address);
  for (let length = 0; length <= 128; length++) {
    const shift = BigInt(128 - length);
    const network = (a >> shift) << shift;
    const last = network + (1n << shift) - 1n;
    if (network >= s && last <= e) {
      return {
        network: [
          Number((network >> 96n) & 0xffffffffn),
          Number((network >> 64n) & 0xffffffffn),
          Number((network >> 32n) & 0xffffffffn),
          Number(network & 0xffffffffn),
        ],
        length,
      };
    }
  }
  return { network: address, length: 128 };
}

/** Parses `a.b.c.d/n` or `v6::/n` to its first and last address; undefined when malformed. */
export function parseCidr(
  text: string,
):
  | { family: 4; start: number; end: number; length: number }
  | { family: 6; start: Ipv6Words; end: Ipv6Words; length: number }
  | undefined {
  const slash = text.indexOf('/');
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  const lengthText = slash >= 0 ? text.slice(slash + 1) : undefined;
  if (lengthText !== undefined && !/^\d{1,3}$/.test(lengthText)) return undefined;
  const v4 = parseIpv4(addressText);
  if (v4 !== undefined) {
    const length = lengthText === undefined ? 32 : Number(lengthText);
    if (length > 32) return undefined;
    const size = 2 ** (32 - length);
    const start = Math.floor(v4 / size) * size;
    return { family: 4, start, end: start + size - 1, length };
  }
  const v6 = parseIpv6(addressText);
  if (v6 === undefined) return undefined;
  const length = lengthText === undefined ? 128 : Number(lengthText);
  if (length > 128) return undefined;
  const start = networkOfIpv6(v6, length);
  const end = start.map((word, i) => (word | (~wordMask(length, i) >>> 0)) >>> 0) as unknown as Ipv6Words;
  return { family: 6, start, end, length };
}

/** The bits of word `i` (0–3) that a /length prefix keeps. */
function wordMask(length: number, i: number): number {
  const bits = Math.min(32, Math.max(0, length - i * 32));
  return bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
}

/** The first address of the /length network holding `words`. */
export function networkOfIpv6(words: Ipv6Words, length: number): Ipv6Words {
  return words.map((word, i) => (word & wordMask(length, i)) >>> 0) as unknown as Ipv6Words;
}
