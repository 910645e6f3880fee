/**
 * PostgreSQL's search index covers trigram keys computed by Renkei (`search_document.trigram_keys`,
 * int4[], db/dialects/trigram-keys.ts) instead of pg_trgm's trigrams of `terms` (decision 0009):
 * the same candidates for LIKE to check, without pg_trgm splitting and lower-casing the words
 * again in the backend that files reports. Existing documents get their keys here. SQLite's
 * FTS5 index is unchanged.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';
import { keysLiteral, trigramKeys } from '../dialects/trigram-keys.js';
import { createSearchIndex, dropSearchIndex, forEachSearchDocumentPage } from './search-index-versions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  if (dialectOf(db).name !== 'postgres') return;
  await dropSearchIndex(db);
  await sql`ALTER TABLE search_document ADD COLUMN trigram_keys int4[] NOT NULL DEFAULT '{}'`.execute(db);
  // One UPDATE per page.
  await forEachSearchDocumentPage(db, ['terms'], async (rows) => {
    await sql`UPDATE search_document AS d SET trigram_keys = page.keys::int4[]
      FROM unnest(${rows.map((row) => row.object_type)}::text[], ${rows.map((row) => row.object_id)}::text[], ${rows.map((row) => keysLiteral(trigramKeys(row.terms)))}::text[])
        AS page(object_type, object_id, keys)
      WHERE d.object_type = page.object_type AND d.object_id = page.object_id`.execute(db);
  });
  await createSearchIndex(db, 4);
}

export async function down(db: AnyDb): Promise<void> {
  if (dialectOf(db).name !== 'postgres') return;
  await dropSearchIndex(db);
  await sql`ALTER TABLE search_document DROP COLUMN trigram_keys`.execute(db);
  await createSearchIndex(db, 3);
}
