/** Picks the dialect helpers for a Kysely instance. @module */
import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import type { DialectHelpers } from './dialect.js';
import { postgresHelpers } from './postgres.js';
import { sqliteHelpers } from './sqlite.js';

export type { DialectHelpers, DialectName, SearchDocument, SearchHit, SearchQuery } from './dialect.js';
export { makeSnippet } from './dialect.js';
export { createPostgresKysely } from './postgres.js';
export { createSqliteKysely } from './sqlite.js';

/** The helpers for the database `db` talks to (works inside transactions too). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export function dialectOf(db: Kysely<any>): DialectHelpers {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return sqliteHelpers;
  if (adapter instanceof PostgresAdapter) return postgresHelpers;
  throw new Error(`Unsupported database adapter: ${adapter.constructor.name}`);
}

/** Whether a failed statement broke a unique constraint (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
