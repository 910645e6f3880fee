/**
 * range/plant: free text people write about a plant (issue 13, item 9) — shift-log entries, work
 * orders, alarm comments, equipment notes — with author and source. An operator assistant reads
 * them, and an attacker who can write one can try to steer it: the AI labs need exactly this.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('plant_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('plant_instance.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('sim_time_s', 'real', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plant_note_instance').on('plant_note').columns(['instance_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('plant_note').execute();
}
