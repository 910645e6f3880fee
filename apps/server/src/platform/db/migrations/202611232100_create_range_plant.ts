/** Range plant: simulated plant instances, their snapshots and the historian. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('plant_instance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('modbus_port', 'integer', (c) => c.notNull().unique())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plant_instance_workspace')
    .on('plant_instance')
    .columns(['workspace_id', 'owner_user_id'])
    .execute();
  await db.schema
    .createTable('plant_snapshot')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('plant_instance.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plant_snapshot_instance')
    .on('plant_snapshot')
    .columns(['instance_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('plant_sample')
    .addColumn('instance_id', 'text', (c) => c.notNull().references('plant_instance.id').onDelete('cascade'))
    .addColumn('sim_time_s', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('tag_values', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plant_sample_pk', ['instance_id', 'sim_time_s'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['plant_sample', 'plant_snapshot', 'plant_instance']) await db.schema.dropTable(table).execute();
}
