/**
 * SQLite's search index without token positions (FTS5 `detail=none`): substring search now goes
 * through LIKE on the trigram index, and indexing costs half as much (decision 0006). The index
 * is rebuilt from `search_document`. PostgreSQL's pg_trgm index is unchanged.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';
import { createSearchIndex, dropSearchIndex, type SearchIndexVersion } from './search-index-versions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

async function rebuild(db: AnyDb, version: SearchIndexVersion): Promise<void> {
  if (dialectOf(db).name !== 'sqlite') return;
  await dropSearchIndex(db);
  await createSearchIndex(db, version);
}

export async function up(db: AnyDb): Promise<void> {
  await rebuild(db, 2);
}

export async function down(db: AnyDb): Promise<void> {
  await rebuild(db, 1);
}
