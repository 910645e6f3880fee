/**
 * Retrieval by BM25 over chunks, with Japanese and English tokenised by the platform's ICU word
 * segmenter (`Intl.Segmenter`, dictionary-based for Japanese) after NFKC folding. Pure, in
 * memory: a course's knowledge base is small (thousands of chunks), and an index is rebuilt when
 * a document is added. BM25 itself is a dozen lines; the libraries that offer it bring their own
 * English-only tokenisers, which is the part that matters here.
 * @module
 */

export interface Chunk {
  id: string;
  documentId: string;
  title: string;
  text: string;
  /** Who vouches for it: signed (built-in, course staff) or not (trainee, contractor, note). */
  isSigned: boolean;
  origin: string;
}

export interface Hit {
  chunk: Chunk;
  score: number;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/** Word tokens, folded (NFKC, lower case); Japanese words as the ICU dictionary cuts them. */
export function tokens(text: string): string[] {
  const result: string[] = [];
  for (const segment of segmenter.segment(text.normalize('NFKC').toLowerCase()))
    if (segment.isWordLike) result.push(segment.segment);
  return result;
}

/** Splits a document into chunks of paragraphs, each up to about `size` characters. */
export function chunkText(text: string, size = 500): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const paragraph of text
    .split(/\n\s*\n/u)
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (current && current.length + paragraph.length > size) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) chunks.push(current);
  return chunks;
}

export class Bm25Index {
  private readonly chunks: Chunk[] = [];
  private readonly lengths: number[] = [];
  /** Inverted index: for each word, the chunks holding it and how often (a query touches only those). */
  private readonly postings = new Map<string, { chunk: number; frequency: number }[]>();
  private averageLength = 0;

  constructor(
    chunks: readonly Chunk[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    for (const chunk of chunks) {
      const position = this.chunks.length;
      const words = tokens(`${chunk.title} ${chunk.text}`);
      const counts = new Map<string, number>();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [word, frequency] of counts) {
        let list = this.postings.get(word);
        if (!list) this.postings.set(word, (list = []));
        list.push({ chunk: position, frequency });
      }
      this.chunks.push(chunk);
      this.lengths.push(words.length);
    }
    this.averageLength = this.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.chunks.length;
  }

  /** The `k` best chunks for a query (only those `accept` lets through), best first. */
  search(query: string, k = 5, accept: (chunk: Chunk) => boolean = () => true): Hit[] {
    const n = this.chunks.length;
    const scores = new Map<number, number>();
    for (const term of new Set(tokens(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { chunk, frequency } of list) {
        const length = this.lengths[chunk]!;
        const score =
          (idf * frequency * (this.k1 + 1)) /
          (frequency + this.k1 * (1 - this.b + (this.b * length) / (this.averageLength || 1)));
        scores.set(chunk, (scores.get(chunk) ?? 0) + score);
      }
    }
    const hits: Hit[] = [];
    for (const [position, score] of scores) {
      const chunk = this.chunks[position]!;
      if (accept(chunk)) hits.push({ chunk, score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
