/**
 * The two tables correlation derives — `incident_observable` (which observables an incident's
 * reports carry) and `incident_link` (related incidents, both ways) — lose their foreign keys
 * (decision 0011). They are the most numerous rows intake writes (16 links and 5 observable
 * links per report on the bench corpus), and on PostgreSQL each foreign key costs a row lock on
 * the referenced incident or observable, written to the WAL: two per row. Incidents and
 * observables are never deleted (a merged incident stays, marked duplicate), and every read
 * joins the referenced row, so a key would guard only against a deletion that does not happen.
 * The columns, primary keys and indexes are unchanged.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

/** The tables as created in 202611232000_create_hub_incidents: text columns, all NOT NULL. */
interface DerivedTable {
  columns: string[];
  /** Column → the table whose id it names (the foreign keys this migration drops). */
  references: Record<string, string>;
  primaryKey: string[];
  indexes: [name: string, columns: string[]][];
}

const TABLES: Record<'incident_observable' | 'incident_link', DerivedTable> = {
  incident_observable: {
    columns: ['incident_id', 'observable_id', 'report_id', 'created_at'],
    references: { incident_id: 'incident', observable_id: 'observable' },
    primaryKey: ['incident_id', 'observable_id', 'report_id'],
    indexes: [['incident_observable_by_observable', ['observable_id', 'incident_id']]],
  },
  incident_link: {
    columns: ['incident_id', 'related_id', 'reason', 'created_at'],
    references: { incident_id: 'incident', related_id: 'incident' },
    primaryKey: ['incident_id', 'related_id'],
    indexes: [],
  },
};

/**
 * SQLite cannot drop or add a constraint: the table is rebuilt (create, copy, drop, rename,
 * index), in one transaction — the migrator runs SQLite's migrations outside one.
 */
async function rebuildOnSqlite(db: AnyDb, withKeys: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [name, table] of Object.entries(TABLES)) {
      const rebuilt = `${name}_rebuilt`;
      let create: CreateTableBuilder<string, string> = trx.schema.createTable(rebuilt);
      for (const column of table.columns) {
        const referenced = withKeys ? table.references[column] : undefined;
        create = create.addColumn(column, 'text', (c) =>
          referenced ? c.notNull().references(`${referenced}.id`).onDelete('cascade') : c.notNull(),
        );
      }
      await create.addPrimaryKeyConstraint(`${name}_pk`, table.primaryKey).execute();
      await sql`INSERT INTO ${sql.table(rebuilt)} SELECT * FROM ${sql.table(name)}`.execute(trx);
      await trx.schema.dropTable(name).execute();
      await trx.schema.alterTable(rebuilt).renameTo(name).execute();
      for (const [index, columns] of table.indexes)
        await trx.schema.createIndex(index).on(name).columns(columns).execute();
    }
  });
}

export async function up(db: AnyDb): Promise<void> {
  if (dialectOf(db).name === 'sqlite') return rebuildOnSqlite(db, false);
  for (const name of Object.keys(TABLES)) {
    const keys = await sql<{
      conname: string;
    }>`SELECT conname FROM pg_constraint WHERE conrelid = ${name}::regclass AND contype = 'f'`.execute(db);
    for (const { conname } of keys.rows)
      await sql`ALTER TABLE ${sql.table(name)} DROP CONSTRAINT ${sql.id(conname)}`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (dialectOf(db).name === 'sqlite') return rebuildOnSqlite(db, true);
  for (const [name, table] of Object.entries(TABLES)) {
    for (const [column, referenced] of Object.entries(table.references)) {
      await sql`ALTER TABLE ${sql.table(name)} ADD FOREIGN KEY (${sql.id(column)}) REFERENCES ${sql.table(referenced)} (id) ON DELETE CASCADE`.execute(
        db,
      );
    }
  }
}
