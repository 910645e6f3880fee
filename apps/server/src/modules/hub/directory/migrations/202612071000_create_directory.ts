/** hub/directory (issue 15): the partner directory — organisations, people, constituency. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('directory_organisation')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('local_name', 'text')
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('country', 'text')
    .addColumn('languages', 'text', (column) => column.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('emails', 'text', (column) => column.notNull())
    .addColumn('memberships', 'text', (column) => column.notNull())
    .addColumn('trust_level', 'text', (column) => column.notNull())
    .addColumn('website', 'text')
    .addColumn('notes', 'text')
    .addColumn('tlp', 'text', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('directory_organisation_name', ['workspace_id', 'name'])
    .execute();
  await db.schema
    .createTable('directory_contact')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organisation_id', 'text', (column) =>
      column.notNull().references('directory_organisation.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text')
    .addColumn('languages', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('directory_contact_organisation')
    .on('directory_contact')
    .column('organisation_id')
    .execute();
  await db.schema
    .createTable('directory_constituency')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organisation_id', 'text', (column) =>
      column.notNull().references('directory_organisation.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('directory_constituency_workspace')
    .on('directory_constituency')
    .columns(['workspace_id', 'kind', 'value'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('directory_constituency').execute();
  await db.schema.dropTable('directory_contact').execute();
  await db.schema.dropTable('directory_organisation').execute();
}
