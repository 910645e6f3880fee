/** hub/correlation (issue 17): correlation exclusion lists per workspace (MISP warninglists and the workspace's own). */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('correlation_exclusion')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('list_name', 'text', (column) => column.notNull())
    .addColumn('match_type', 'text', (column) => column.notNull())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('matching_attributes', 'text')
    .addColumn('description', 'text')
    .addColumn('version', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('correlation_exclusion_entry', ['workspace_id', 'list_name', 'match_type', 'value'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('correlation_exclusion').execute();
}
