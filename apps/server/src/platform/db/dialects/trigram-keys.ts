/**
 * Trigram keys: PostgreSQL's search index (decision 0009). Every run of three code points inside
 * a word of a folded text, hashed to a 32-bit integer; a GIN index over the keys of each
 * document's words (`search_document.trigram_keys`, int4[]) finds the documents that may contain
 * a term, and LIKE on the words decides. Computed here rather than by pg_trgm because pg_trgm
 * lower-cases and splits the text again inside the one backend that files reports — the text is
 * already folded — which cost ~1.3 ms of that backend per 6 KB of words.
 *
 * A term of three or more code points lies inside one word, so each of its keys is among the
 * document's keys; a hash collision only adds a candidate, which LIKE then rejects. Stored keys
 * depend on `keyOf`: changing it needs a migration that recomputes them.
 * @module
 */

/** Mixes three code points into a signed 32-bit key (order matters: abc ≠ cba). */
function keyOf(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  // murmur3's finaliser, so that nearby code points spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** True for the separators of `searchWords` and query terms (JavaScript's white space, `\\s`). */
function isSpace(code: number): boolean {
  if (code > 32 && code < 0xa0) return false;
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

// Scratch space of an open-addressing set that drops repeated keys as they are made (a text
// repeats most of its trigrams): sorting only the distinct ones is 3× faster than sorting all.
let slots = new Int32Array(1 << 14);
let filled = new Uint8Array(1 << 14);

/** The distinct keys of every three-code-point run inside a word of `text`, ascending. */
export function trigramKeys(text: string): Int32Array {
  const size = 1 << Math.max(6, 32 - Math.clz32(text.length * 2));
  if (slots.length < size) {
    slots = new Int32Array(size);
    filled = new Uint8Array(size);
  } else {
    filled.fill(0, 0, size);
  }
  const mask = size - 1;
  const keys = new Int32Array(text.length);
  let count = 0;
  // The two code points before the current one in this word (-1: none yet).
  let first = -1;
  let second = -1;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (isSpace(code)) {
      first = second = -1;
      continue;
    }
    if (first >= 0) {
      const key = keyOf(first, second, code);
      let slot = key & mask;
      while (filled[slot] === 1 && slots[slot] !== key) slot = (slot + 1) & mask;
      if (filled[slot] === 0) {
        filled[slot] = 1;
        slots[slot] = key;
        keys[count++] = key;
      }
    }
    first = second;
    second = code;
  }
  return keys.slice(0, count).sort();
}

/**
 * The union of two ascending sets of keys, ascending. The keys of words joined by white space
 * are the union of each word's keys, so the keys of the words a parse worker keyed and of the
 * few added on the writing thread (the title's) merge without keying all words again.
 */
export function mergeKeys(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    merged[count++] = x <= y ? x : y;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  while (i < a.length) merged[count++] = a[i++]!;
  while (j < b.length) merged[count++] = b[j++]!;
  return merged.subarray(0, count);
}

/** PostgreSQL array literal of keys (`{1,-2,3}`), to bind as an int4[] parameter. */
export function keysLiteral(keys: Int32Array): string {
  return `{${keys.join(',')}}`;
}
