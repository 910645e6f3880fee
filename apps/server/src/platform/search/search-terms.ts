/**
 * The words a document is found by, and the terms a query looks for. Pure functions, used when
 * indexing (`indexSearchDocuments`) and when searching (the dialects' `search`).
 *
 * A query is split at white space, so no term contains white space; a term therefore occurs in
 * a text exactly when it occurs inside one of the text's white-space-separated words. The index
 * holds each distinct word once instead of the whole text: the same matches, and less for the
 * trigram index to digest — how much less depends on how often a text repeats its words
 * (docs/decisions/0008).
 * @module
 */

/** NFKC (full-width ＡＢＣ is ABC) and lower case, on documents and queries alike. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The encoded payload of a `data:` URI (`data:image/png;base64,iVBOR…`): bytes, not words. Mail
 * that inlines images in its text part carries hundreds of kilobytes of them — on real phishing
 * mail 40 % of all indexed characters — which nobody searches for and the trigram index would
 * digest character by character. The URI's media type stays findable.
 */
const DATA_URI_PAYLOAD = /(data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,)[a-z0-9+/=]{64,}/gu;

/** Each distinct word of the texts once, in order of first appearance, separated by spaces. */
export function searchWords(...texts: readonly string[]): string {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of fold(text).replace(DATA_URI_PAYLOAD, '$1').split(/\s+/)) if (word) words.add(word);
  }
  return [...words].join(' ');
}

/**
 * The words of `texts` and of an already computed `words` (`searchWords(body)`, as the parse
 * workers give it): the texts' words that `words` lacks, then `words`. The same words as
 * `searchWords(...texts, body)`, in another order, without splitting a long body's words again.
 */
export function searchWordsWith(words: string, ...texts: readonly string[]): string {
  const padded = ` ${words} `;
  const extra = searchWords(...texts)
    .split(' ')
    .filter((word) => word && !padded.includes(` ${word} `));
  if (extra.length === 0) return words;
  return words ? `${extra.join(' ')} ${words}` : extra.join(' ');
}

/** The terms of a query: each must occur (as a substring) in a document's words. */
export function queryTerms(text: string): string[] {
  return fold(text).split(/\s+/).filter(Boolean);
}
