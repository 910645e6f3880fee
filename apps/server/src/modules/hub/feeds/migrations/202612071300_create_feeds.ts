/** hub/feeds (issue 15): feed imports, harmonised events, problems per line, notifications per party. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('feed_import')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('format', 'text', (column) => column.notNull())
    .addColumn('report', 'text')
    .addColumn('file_name', 'text')
    .addColumn('encoding', 'text')
    .addColumn('tlp', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('counts', 'text', (column) => column.notNull())
    .addColumn('stages', 'text', (column) => column.notNull())
    .addColumn('source_header', 'text')
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('feed_import_workspace')
    .on('feed_import')
    .columns(['workspace_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('feed_event')
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('dedup_key', 'text', (column) => column.notNull())
    .addColumn('party_key', 'text', (column) => column.notNull())
    .addColumn('line', 'integer', (column) => column.notNull())
    .addColumn('identifier', 'text', (column) => column.notNull())
    .addColumn('csv_line', 'text', (column) => column.notNull())
    .addColumn('raw', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('feed_event_pk', ['import_id', 'dedup_key'])
    .execute();
  await db.schema
    .createIndex('feed_event_party')
    .on('feed_event')
    .columns(['import_id', 'party_key', 'line'])
    .execute();
  await db.schema
    .createTable('feed_problem')
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('line', 'integer', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('excerpt', 'text')
    .execute();
  await db.schema.createIndex('feed_problem_import').on('feed_problem').columns(['import_id', 'line']).execute();
  await db.schema
    .createTable('feed_party')
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('party_key', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('recipients', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('events', 'integer', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('outbound_message_id', 'text')
    .addPrimaryKeyConstraint('feed_party_pk', ['import_id', 'party_key'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('feed_party').execute();
  await db.schema.dropTable('feed_problem').execute();
  await db.schema.dropTable('feed_event').execute();
  await db.schema.dropTable('feed_import').execute();
}
