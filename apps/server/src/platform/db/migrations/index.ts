/**
 * The platform's migrations, and the one ordered set the migrator runs: these and every module's
 * (`RenkeiModule.migrations`), by name. Listed statically (not read from disk) so the built
 * server and the tests run the same set without a file-system scan. The migrations written
 * before the module contract stay here as a frozen baseline, module tables included (they are
 * SQL only and import no module; decision 0012); new ones live in their module's folder.
 * @module
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as createCore from './202611231900_create_core.js';
import * as createHubIncidents from './202611232000_create_hub_incidents.js';
import * as createRangePlant from './202611232100_create_range_plant.js';
import * as createReportAttachment from './202611232200_create_report_attachment.js';
import * as hubIntakeKeysViewsTimeline from './202611240900_hub_intake_keys_views_timeline.js';
import * as rangeDatasetsHistorian from './202611241000_range_datasets_historian.js';
import * as searchIndexWithoutPositions from './202611250900_search_index_without_positions.js';
import * as searchTerms from './202611260900_search_terms.js';
import * as lz4Compression from './202611260930_lz4_compression.js';
import * as searchTrigramKeys from './202611270900_search_trigram_keys.js';
import * as derivedLinksWithoutForeignKeys from './202611280900_derived_links_without_foreign_keys.js';
import * as loginThrottle from './202612041400_login_throttle.js';
import * as auditChainBase from './202612041900_audit_chain_base.js';

const BASELINE_MIGRATIONS: Record<string, Migration> = {
  '202611231900_create_core': createCore,
  '202611232000_create_hub_incidents': createHubIncidents,
  '202611232100_create_range_plant': createRangePlant,
  '202611232200_create_report_attachment': createReportAttachment,
  '202611240900_hub_intake_keys_views_timeline': hubIntakeKeysViewsTimeline,
  '202611241000_range_datasets_historian': rangeDatasetsHistorian,
  '202611250900_search_index_without_positions': searchIndexWithoutPositions,
  '202611260900_search_terms': searchTerms,
  '202611260930_lz4_compression': lz4Compression,
  '202611270900_search_trigram_keys': searchTrigramKeys,
  '202611280900_derived_links_without_foreign_keys': derivedLinksWithoutForeignKeys,
  // The platform's own tables change here too (modules keep theirs in their folders).
  '202612041400_login_throttle': loginThrottle,
  '202612041900_audit_chain_base': auditChainBase,
};

/** The platform's migrations and the given modules', as one set; a name used twice is an error. */
export function composeMigrations(
  modules: readonly { name: string; migrations?: Readonly<Record<string, Migration>> }[],
): MigrationProvider {
  const all: Record<string, Migration> = { ...BASELINE_MIGRATIONS };
  for (const module of modules) {
    for (const [name, migration] of Object.entries(module.migrations ?? {})) {
      if (name in all) throw new Error(`migration ${name} of ${module.name} is declared twice`);
      all[name] = migration;
    }
  }
  return { getMigrations: () => Promise.resolve(all) };
}
