/** The full-text search index shared by all modules (one row per indexed object). @module */
export interface SearchDocumentTable {
  object_type: string;
  object_id: string;
  workspace_id: string;
  tlp: string;
  title: string;
  body: string;
  /** Each distinct word of title and body once, folded (search-terms.ts): what the trigram index covers. */
  terms: string;
  updated_at: string;
}
