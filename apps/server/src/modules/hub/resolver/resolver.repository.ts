/** Queries of hub/resolver. @module */
import type { Db } from '../../../platform/index.js';
import type { RdapCacheRow } from './resolver.table.js';

export function findCachedAnswer(db: Db, url: string): Promise<RdapCacheRow | undefined> {
  return db.selectFrom('rdap_cache').selectAll().where('url', '=', url).executeTakeFirst();
}

export async function cacheAnswer(db: Db, row: RdapCacheRow): Promise<void> {
  await db
    .insertInto('rdap_cache')
    .values(row)
    .onConflict((oc) =>
      oc.column('url').doUpdateSet({ status: row.status, body: row.body, fetched_at: row.fetched_at }),
    )
    .execute();
}
