/**
 * SQLite's search index without token positions (FTS5 `detail=none`): substring search now goes
 * through LIKE on the trigram index, and indexing costs half as much (decision 0006). The index
 * is rebuilt from `search_document`. PostgreSQL's pg_trgm index is unchanged.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

async function rebuild(db: AnyDb, detail: 'none' | 'full'): Promise<void> {
  if (dialectOf(db).name !== 'sqlite') return;
  await dialectOf(db).dropSearchIndex(db);
  await dialectOf(db).createSearchIndex(db);
  if (detail === 'full') {
    // Down: the index as the first migration made it.
    await sql`DROP TABLE search_document_fts`.execute(db);
    await sql`CREATE VIRTUAL TABLE search_document_fts USING fts5(
      title, body, content='search_document', content_rowid='rowid', tokenize='trigram')`.execute(db);
  }
  await sql`INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')`.execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  await rebuild(db, 'none');
}

export async function down(db: AnyDb): Promise<void> {
  await rebuild(db, 'full');
}
