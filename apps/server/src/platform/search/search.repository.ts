/** SQL of the search index's documents (the query side is the dialect's: `search`). @module */
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { SearchDocumentTable } from './search.table.js';

/** Adds or replaces documents, one statement per 100 (rows of one call have the same columns). */
export async function upsertSearchDocuments(db: Db, rows: readonly Insertable<SearchDocumentTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 100) {
    const chunk = rows.slice(start, start + 100);
    await db
      .insertInto('search_document')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['object_type', 'object_id']).doUpdateSet((eb) => ({
          workspace_id: eb.ref('excluded.workspace_id'),
          tlp: eb.ref('excluded.tlp'),
          title: eb.ref('excluded.title'),
          body: eb.ref('excluded.body'),
          terms: eb.ref('excluded.terms'),
          updated_at: eb.ref('excluded.updated_at'),
          // The dialect's own index columns, where it has any (searchIndexColumns).
          ...(chunk[0]!.trigram_keys !== undefined ? { trigram_keys: eb.ref('excluded.trigram_keys') } : {}),
        })),
      )
      .execute();
  }
}

/** The indexed bodies and labels of objects of one type, by object id; one query per 200. */
export async function searchDocumentsOf(
  db: Db,
  objectType: string,
  objectIds: readonly string[],
): Promise<Map<string, { body: string; tlp: string; title: string }>> {
  const found = new Map<string, { body: string; tlp: string; title: string }>();
  for (let start = 0; start < objectIds.length; start += 200) {
    const rows = await db
      .selectFrom('search_document')
      .select(['object_id', 'body', 'tlp', 'title'])
      .where('object_type', '=', objectType)
      .where('object_id', 'in', objectIds.slice(start, start + 200))
      .execute();
    for (const { object_id: id, ...document } of rows) found.set(id, document);
  }
  return found;
}

export async function deleteSearchDocument(db: Db, objectType: string, objectId: string): Promise<void> {
  await db
    .deleteFrom('search_document')
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .execute();
}
