/**
 * hub/incident: a Message-ID no longer identifies a report (issue 17). Phishers reuse and forge
 * Message-IDs, so two reports may carry the same one with different content; the index stays
 * for look-ups, without UNIQUE.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('report_message_id').execute();
  await db.schema.createIndex('report_message_id').on('report').columns(['workspace_id', 'message_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('report_message_id').execute();
  await db.schema
    .createIndex('report_message_id')
    .unique()
    .on('report')
    .columns(['workspace_id', 'message_id'])
    .execute();
}
