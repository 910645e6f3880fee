/** The full-text search index shared by all modules (one row per indexed object). @module */
import type { Tlp } from '@renkei/contracts';
import type { ColumnType } from 'kysely';

export interface SearchDocumentTable {
  object_type: string;
  object_id: string;
  workspace_id: string;
  tlp: Tlp;
  title: string;
  body: string;
  /** Each distinct word of title and body once, folded (search-terms.ts): what the trigram index covers. */
  terms: string;
  /** PostgreSQL only: the trigram keys of `terms` (int4[], written as an array literal; db/dialects/trigram-keys.ts). */
  trigram_keys?: ColumnType<never, string | undefined, string>;
  updated_at: string;
}
