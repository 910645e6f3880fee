/**
 * The full-text search index as each migration left it. Frozen here rather than asked of the
 * dialect helpers, because a migration must build what it built when it was written, whatever
 * the code does today.
 *
 * - v1 (create_core): SQLite FTS5 trigram over title and body, with positions; PostgreSQL
 *   pg_trgm GIN over `title || ' ' || body`.
 * - v2 (search_index_without_positions): SQLite without positions (`detail=none`).
 * - v3 (search_terms): both over `search_document.terms`, each document's distinct words.
 * - v4 (search_trigram_keys): PostgreSQL a GIN index over `search_document.trigram_keys`, the
 *   trigram keys of the words (int4[]); SQLite as v3.
 *
 * Also the paging the migrations that fill a new column of `search_document` share.
 * @module
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export type SearchIndexVersion = 1 | 2 | 3 | 4;

/** Creates the index of `version` and (SQLite) the triggers that keep it in step; fills it. */
export async function createSearchIndex(db: AnyDb, version: SearchIndexVersion): Promise<void> {
  if (dialectOf(db).name === 'postgres') {
    if (version === 4) {
      // The default operator class for arrays (array_ops) answers `@>`.
      await sql`CREATE INDEX search_document_trigram_keys ON search_document USING gin (trigram_keys)`.execute(db);
      return;
    }
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
    if (version === 3)
      await sql`CREATE INDEX search_document_terms_trgm ON search_document USING gin (terms public.gin_trgm_ops)`.execute(
        db,
      );
    else
      await sql`CREATE INDEX search_document_trgm ON search_document USING gin ((title || ' ' || body) public.gin_trgm_ops)`.execute(
        db,
      );
    return;
  }
  const columns = version >= 3 ? ['terms'] : ['title', 'body'];
  const options = version === 1 ? '' : ', detail=none';
  // External-content FTS: the triggers keep the index in step with the table.
  await sql
    .raw(
      `CREATE VIRTUAL TABLE search_document_fts USING fts5(
    ${columns.join(', ')}, content='search_document', content_rowid='rowid', tokenize='trigram'${options})`,
    )
    .execute(db);
  const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  await sql
    .raw(
      `CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
    INSERT INTO search_document_fts(rowid, ${columns.join(', ')}) VALUES (new.rowid, ${values('new')}); END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
    INSERT INTO search_document_fts(search_document_fts, rowid, ${columns.join(', ')}) VALUES ('delete', old.rowid, ${values('old')}); END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
    INSERT INTO search_document_fts(search_document_fts, rowid, ${columns.join(', ')}) VALUES ('delete', old.rowid, ${values('old')});
    INSERT INTO search_document_fts(rowid, ${columns.join(', ')}) VALUES (new.rowid, ${values('new')}); END`,
    )
    .execute(db);
  await sql`INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')`.execute(db);
}

/** Drops the index of any version (and its triggers). */
export async function dropSearchIndex(db: AnyDb): Promise<void> {
  if (dialectOf(db).name === 'postgres') {
    await sql`DROP INDEX IF EXISTS search_document_trgm`.execute(db);
    await sql`DROP INDEX IF EXISTS search_document_terms_trgm`.execute(db);
    await sql`DROP INDEX IF EXISTS search_document_trigram_keys`.execute(db);
    return;
  }
  for (const trigger of ['search_document_ai', 'search_document_ad', 'search_document_au'])
    await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
  await sql`DROP TABLE IF EXISTS search_document_fts`.execute(db);
}

type DocumentKey = { object_type: string; object_id: string };

/**
 * Visits every stored search document in pages of 500, in key order, so that a large index
 * never sits in memory at once (migrations that fill a new column).
 */
export async function forEachSearchDocumentPage<Column extends string>(
  db: AnyDb,
  columns: readonly Column[],
  visit: (rows: (DocumentKey & Record<Column, string>)[]) => Promise<void>,
): Promise<void> {
  const pageSize = 500;
  let after: DocumentKey | undefined;
  for (;;) {
    let page = db
      .selectFrom('search_document')
      .select(['object_type', 'object_id', ...columns])
      .orderBy('object_type')
      .orderBy('object_id')
      .limit(pageSize);
    if (after) {
      const { object_type: type, object_id: id } = after;
      page = page.where((eb) =>
        eb.or([eb('object_type', '>', type), eb.and([eb('object_type', '=', type), eb('object_id', '>', id)])]),
      );
    }
    const rows = (await page.execute()) as (DocumentKey & Record<Column, string>)[];
    if (rows.length > 0) await visit(rows);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}
