/**
 * The search index covers each document's distinct words (`search_document.terms`) instead of
 * its whole title and body, on both databases (decision 0008): the same matches for terms
 * without white space, which are all a query has, for a fraction of the indexing work.
 * Existing documents get their words here, computed by the same function that indexes new ones.
 */
import type { Kysely } from 'kysely';
import { searchWords } from '../../search/search-terms.js';
import { createSearchIndex, dropSearchIndex } from './search-index-versions.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await dropSearchIndex(db);
  await db.schema.alterTable('search_document').addColumn('terms', 'text', (c) => c.notNull().defaultTo('')).execute();
  // In pages, in key order, so a large index never sits in memory at once.
  let after: { object_type: string; object_id: string } | undefined;
  for (;;) {
    let page = db.selectFrom('search_document').select(['object_type', 'object_id', 'title', 'body']).orderBy('object_type').orderBy('object_id').limit(500);
    if (after) {
      const { object_type: type, object_id: id } = after;
      page = page.where((eb) => eb.or([eb('object_type', '>', type), eb.and([eb('object_type', '=', type), eb('object_id', '>', id)])]));
    }
    const rows = (await page.execute()) as { object_type: string; object_id: string; title: string; body: string }[];
    for (const row of rows) {
      await db.updateTable('search_document').set({ terms: searchWords(row.title, row.body) }).where('object_type', '=', row.object_type).where('object_id', '=', row.object_id).execute();
    }
    if (rows.length < 500) break;
    after = rows[rows.length - 1];
  }
  await createSearchIndex(db, 3);
}

export async function down(db: AnyDb): Promise<void> {
  await dropSearchIndex(db);
  await db.schema.alterTable('search_document').dropColumn('terms').execute();
  await createSearchIndex(db, 2);
}
