/**
 * hub/incident: tracking numbers counted per workspace (issue 12, finding 14): one global
 * sequence let a tenant estimate another's volume from its own numbers. A counter per
 * workspace, prefix and year (`tracking_counter`), started for every workspace at the global
 * sequence's value so that no new number repeats one already given; numbers are unique within
 * a workspace instead of across the installation. SQLite cannot drop the column's UNIQUE, so
 * `incident` is rebuilt (create, copy, drop, rename, indexes) with foreign keys off meanwhile —
 * the migrator runs SQLite's migrations outside a transaction, this one opens its own.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../../../platform/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

const UNIQUE_COLUMN = '"tracking_number" text not null unique';

async function rebuildIncidentOnSqlite(db: AnyDb, from: string, to: string): Promise<void> {
  const table = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'incident'`.execute(db);
  const indexes = await sql<{ sql: string }>`
    SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incident' AND sql IS NOT NULL
      AND name <> 'incident_tracking_number'`.execute(db);
  const create = table.rows[0]!.sql;
  // Already without it (up again after down, which keeps a unique index instead): nothing to rebuild.
  if (!create.includes(from)) return;
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql
        .raw(create.replace(from, to).replace(/^CREATE TABLE "incident"/, 'CREATE TABLE "incident_rebuilt"'))
        .execute(trx);
      await sql`INSERT INTO incident_rebuilt SELECT * FROM incident`.execute(trx);
      await sql`DROP TABLE incident`.execute(trx);
      await sql`ALTER TABLE incident_rebuilt RENAME TO incident`.execute(trx);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('foreign keys broken by the incident rebuild');
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('tracking_counter')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tracking_counter_pk', ['workspace_id', 'prefix', 'year'])
    .execute();
  await sql`
    INSERT INTO tracking_counter (workspace_id, prefix, year, last_value)
    SELECT workspace.id, tracking_sequence.prefix, tracking_sequence.year, tracking_sequence.last_value
    FROM workspace CROSS JOIN tracking_sequence`.execute(db);
  if (dialectOf(db).name === 'sqlite')
    await rebuildIncidentOnSqlite(db, UNIQUE_COLUMN, '"tracking_number" text not null');
  else await sql`ALTER TABLE incident DROP CONSTRAINT IF EXISTS incident_tracking_number_key`.execute(db);
  await db.schema.dropIndex('incident_tracking_number').ifExists().execute();
  await db.schema
    .createIndex('incident_tracking_number')
    .unique()
    .on('incident')
    .columns(['workspace_id', 'tracking_number'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  // Back to one number space: a unique index on the number alone (fails if two workspaces now
  // share a number — then the data must be renumbered first, nothing is dropped silently).
  await db.schema.dropIndex('incident_tracking_number').execute();
  await db.schema.createIndex('incident_tracking_number').unique().on('incident').column('tracking_number').execute();
  await db.schema.dropTable('tracking_counter').execute();
}
