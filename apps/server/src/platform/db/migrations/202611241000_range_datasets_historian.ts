/**
 * Range data sets (generated synthetic ones, and imported ones declared synthetic or
 * de-identified, with the personal-data check's findings) and the historian's stored
 * downsampling: one row per instance and simulated minute, kept after raw samples expire.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('range_dataset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // generated | imported
    .addColumn('origin', 'text', (c) => c.notNull())
    // synthetic | de-identified (imports must declare one)
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('spec', 'text')
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sha256', 'text')
    // generating → ready | failed; imports: ready | flagged (personal data suspected)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pii_findings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('range_dataset_workspace')
    .on('range_dataset')
    .columns(['workspace_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('plant_sample_rollup')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('bucket_s', 'integer', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('tag_values', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plant_sample_rollup_pk', ['instance_id', 'bucket_s'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('plant_sample_rollup').execute();
  await db.schema.dropTable('range_dataset').execute();
}
