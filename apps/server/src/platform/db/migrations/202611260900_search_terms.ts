/**
 * The search index covers each document's distinct words (`search_document.terms`) instead of
 * its whole title and body, on both databases (decision 0008): the same matches for terms
 * without white space, which are all a query has, for a fraction of the indexing work.
 * Existing documents get their words here, computed by the same function that indexes new ones.
 */
import type { Kysely } from 'kysely';
import { searchWords } from '../../search/search-terms.js';
import { createSearchIndex, dropSearchIndex, forEachSearchDocumentPage } from './search-index-versions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await dropSearchIndex(db);
  await db.schema
    .alterTable('search_document')
    .addColumn('terms', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await forEachSearchDocumentPage(db, ['title', 'body'], async (rows) => {
    for (const row of rows) {
      await db
        .updateTable('search_document')
        .set({ terms: searchWords(row.title, row.body) })
        .where('object_type', '=', row.object_type)
        .where('object_id', '=', row.object_id)
        .execute();
    }
  });
  await createSearchIndex(db, 3);
}

export async function down(db: AnyDb): Promise<void> {
  await dropSearchIndex(db);
  await db.schema.alterTable('search_document').dropColumn('terms').execute();
  await createSearchIndex(db, 2);
}
