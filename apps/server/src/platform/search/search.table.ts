/** The full-text search index shared by all modules (one row per indexed object). @module */
export interface SearchDocumentTable {
  object_type: string;
  object_id: string;
  workspace_id: string;
  tlp: string;
  title: string;
  body: string;
  updated_at: string;
}
