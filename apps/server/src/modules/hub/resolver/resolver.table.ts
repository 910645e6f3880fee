/** Tables of hub/resolver: the RDAP answer cache. @module */
import type { Selectable } from 'kysely';

/** One RDAP answer (or a "not found"), reused for the configured time and in offline mode. */
export interface RdapCacheTable {
  url: string;
  status: number;
  body: string | null;
  fetched_at: string;
}
export type RdapCacheRow = Selectable<RdapCacheTable>;

declare module '../../../platform/index.js' {
  interface Database {
    rdap_cache: RdapCacheTable;
  }
}
