/**
 * The one entry point to storage: `openDatabase(config)` returns a Kysely instance over SQLite
 * (default, a file in the data folder) or PostgreSQL (when `DATABASE_URL` is `postgres://…`).
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Kysely, type MigrationProvider, type RawBuilder } from 'kysely';
import { isPostgresConfig, type Config } from '../config/config.js';
import { createPostgresKysely, createSqliteKysely, dialectOf, type DialectName } from './dialects/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** PostgreSQL schema holding the tables (Kysely's migration tables go there too). */
  schema?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL schema to use instead of `public` (tests). */
  postgresSchema?: string;
  /** SQLite file instead of `<dataDir>/renkei.db` (":memory:" for tests). */
  sqliteFile?: string;
}

export function openDatabase(config: Config, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (isPostgresConfig(config)) {
    const schema = options.postgresSchema ?? config.databaseSchema;
    const { db, close } = createPostgresKysely<Database>({
      connectionString: config.databaseUrl ?? '',
      poolSize: config.databasePoolSize,
      ...(schema !== 'public' ? { schema } : {}),
    });
    return { db, dialect: dialectOf(db).name, schema, close };
  }
  let file = options.sqliteFile;
  if (!file) {
    mkdirSync(config.dataDir, { recursive: true });
    file = path.join(config.dataDir, 'renkei.db');
  }
  const { db, close } = createSqliteKysely<Database>(file);
  return { db, dialect: dialectOf(db).name, close: () => Promise.resolve(close()) };
}

export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date. Safe to run at every start and from several processes. */
export async function migrateToLatest(
  handle: Pick<DatabaseHandle, 'db' | 'schema'>,
  migrationProvider: MigrationProvider,
): Promise<MigrationReport> {
  // Without an explicit schema Kysely would find another schema's migration table and skip creating its own.
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider,
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** ISO-8601 UTC with milliseconds: fixed width, so text order is time order on both databases. */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}

/**
 * `CASE id WHEN … THEN … END`: a value per row, so that one UPDATE … WHERE id IN (…) gives each
 * of many rows its own value (the same SQL on both databases). Values are bound as parameters.
 */
export function caseById<T extends { id: string }, V extends string | number | null>(
  items: readonly T[],
  value: (item: T) => V,
): RawBuilder<V> {
  return sql<V>`CASE id ${sql.join(
    items.map((item) => sql`WHEN ${item.id} THEN ${value(item)}`),
    sql` `,
  )} END`;
}
