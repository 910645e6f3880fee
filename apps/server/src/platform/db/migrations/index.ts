/**
 * Every migration, in order. Listed statically (not read from disk) so the built server and the
 * tests run the same set without a file-system scan.
 * @module
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as createCore from './202611231900_create_core.js';

const MIGRATIONS: Record<string, Migration> = {
  '202611231900_create_core': createCore,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
