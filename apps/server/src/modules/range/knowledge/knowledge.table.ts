/** Documents of the Range knowledge base (besides the built-in ones in corpus.ts). @module */
import type { Selectable } from 'kysely';

export interface KnowledgeDocumentTable {
  id: string;
  workspace_id: string;
  /** The plant it belongs to (a trainee's or contractor's document); null: the whole course (staff). */
  instance_id: string | null;
  title: string;
  lang: string;
  body: string;
  /** staff, trainee, contractor */
  origin: string;
  author_id: string;
  sha256: string;
  /** HMAC of the body's hash under the installation's key, for documents the course vouches for; null: unsigned. */
  signature: string | null;
  created_at: string;
}
export type KnowledgeDocumentRow = Selectable<KnowledgeDocumentTable>;

declare module '../../../platform/index.js' {
  interface Database {
    knowledge_document: KnowledgeDocumentTable;
  }
}
