/** range/worksheet (issue 16): each group's risk-assessment rows. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('risk_row')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (column) => column.notNull().references('participant_group.id').onDelete('cascade'))
    .addColumn('use_case', 'text', (column) => column.notNull())
    .addColumn('asset', 'text', (column) => column.notNull())
    .addColumn('threat', 'text', (column) => column.notNull())
    .addColumn('vulnerability', 'text', (column) => column.notNull())
    .addColumn('likelihood', 'integer', (column) => column.notNull())
    .addColumn('impact', 'integer', (column) => column.notNull())
    .addColumn('controls', 'text', (column) => column.notNull())
    .addColumn('frameworks', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('risk_row_group').on('risk_row').columns(['group_id', 'position']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('risk_row').execute();
}
