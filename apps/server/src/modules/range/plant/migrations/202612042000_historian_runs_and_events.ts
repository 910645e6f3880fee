/**
 * range/plant: the historian keyed by run (issue 13, item 2). Samples were keyed by instance and
 * simulated second, so after a reset or a restore the new run's samples were dropped until
 * simulated time passed the old maximum. A run starts with the instance and again at every
 * reset or restore (`plant_instance.run`); samples and minute rows are keyed by instance, run and
 * time, and every earlier run stays queryable. `plant_event` records beside them what changed the
 * plant — set-points, commands, mode changes, bypasses, trips, resets, acknowledgements — with
 * its source, actor and channel. The tables are recreated (PostgreSQL and SQLite alike) because
 * SQLite cannot change a primary key; existing samples become run 1.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('plant_instance')
    .addColumn('run', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('plant_sample_by_run')
    .addColumn('instance_id', 'text', (c) => c.notNull().references('plant_instance.id').onDelete('cascade'))
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('sim_time_s', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('tag_values', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plant_sample_run_pk', ['instance_id', 'run', 'sim_time_s'])
    .execute();
  await sql`INSERT INTO plant_sample_by_run (instance_id, run, sim_time_s, recorded_at, tag_values)
    SELECT instance_id, 1, sim_time_s, recorded_at, tag_values FROM plant_sample`.execute(db);
  await db.schema.dropTable('plant_sample').execute();
  await db.schema.alterTable('plant_sample_by_run').renameTo('plant_sample').execute();

  await db.schema
    .createTable('plant_sample_rollup_by_run')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('bucket_s', 'integer', (c) => c.notNull())
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('tag_values', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plant_sample_rollup_run_pk', ['instance_id', 'run', 'bucket_s'])
    .execute();
  await sql`INSERT INTO plant_sample_rollup_by_run (instance_id, run, bucket_s, samples, tag_values)
    SELECT instance_id, 1, bucket_s, samples, tag_values FROM plant_sample_rollup`.execute(db);
  await db.schema.dropTable('plant_sample_rollup').execute();
  await db.schema.alterTable('plant_sample_rollup_by_run').renameTo('plant_sample_rollup').execute();

  await db.schema
    .createTable('plant_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('plant_instance.id').onDelete('cascade'))
    .addColumn('run', 'integer', (c) => c.notNull())
    .addColumn('sim_time_s', 'real', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plant_event_instance_run')
    .on('plant_event')
    .columns(['instance_id', 'run', 'sim_time_s'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('plant_event').execute();
  for (const [table, key, time] of [
    ['plant_sample', 'plant_sample_pk', 'sim_time_s'],
    ['plant_sample_rollup', 'plant_sample_rollup_pk', 'bucket_s'],
  ] as const) {
    // Only the newest run of each instance fits the old key.
    await sql`DELETE FROM ${sql.table(table)} WHERE run <> (SELECT run FROM plant_instance WHERE plant_instance.id = ${sql.ref(`${table}.instance_id`)})`.execute(
      db,
    );
    await sql`ALTER TABLE ${sql.table(table)} RENAME TO ${sql.table(`${table}_old`)}`.execute(db);
    const columns =
      table === 'plant_sample'
        ? sql`instance_id text not null references plant_instance(id) on delete cascade, sim_time_s integer not null, recorded_at text not null, tag_values text not null`
        : sql`instance_id text not null, bucket_s integer not null, samples integer not null, tag_values text not null`;
    await sql`CREATE TABLE ${sql.table(table)} (${columns}, CONSTRAINT ${sql.ref(`${key}_old`)} PRIMARY KEY (instance_id, ${sql.ref(time)}))`.execute(
      db,
    );
    const copied =
      table === 'plant_sample'
        ? sql`instance_id, sim_time_s, recorded_at, tag_values`
        : sql`instance_id, bucket_s, samples, tag_values`;
    await sql`INSERT INTO ${sql.table(table)} SELECT ${copied} FROM ${sql.table(`${table}_old`)}`.execute(db);
    await sql`DROP TABLE ${sql.table(`${table}_old`)}`.execute(db);
  }
  await db.schema.alterTable('plant_instance').dropColumn('run').execute();
}
