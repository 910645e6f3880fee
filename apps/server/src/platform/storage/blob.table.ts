/** Content-addressed, immutable binary objects (raw mail, attachments, scanned pages). @module */
export interface BlobTable {
  /** SHA-256 of the content, hex: the key, so the same bytes are stored once and cannot change. */
  sha256: string;
  size: number;
  content: Buffer;
  created_at: string;
}
