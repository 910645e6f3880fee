/**
 * hub/incident: the tracking-number prefix of each workspace (issue 12, finding 14), e.g. `JPC`
 * for `JPC-2026-000123`; a workspace without a row uses `RK`. Counters are already kept per
 * workspace, prefix and year, so changing the prefix starts its numbers at 1.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('tracking_prefix')
    .addColumn('workspace_id', 'text', (column) => column.primaryKey().references('workspace.id').onDelete('cascade'))
    .addColumn('prefix', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('tracking_prefix').execute();
}
