/**
 * hub/correspondence (issue 15): an HTML part beside the text (coordination messages are written
 * in Markdown), and the replies each of our messages received (coordination threads read them).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbound_message').addColumn('html', 'text').execute();
  await db.schema
    .createTable('outbound_reply')
    .addColumn('message_id', 'text', (column) => column.notNull())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (column) => column.notNull())
    .addColumn('sender', 'text')
    .addColumn('received_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('outbound_reply_pk', ['message_id', 'report_id'])
    .execute();
  await db.schema
    .createIndex('outbound_reply_workspace')
    .on('outbound_reply')
    .columns(['workspace_id', 'message_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('outbound_reply').execute();
  await db.schema.alterTable('outbound_message').dropColumn('html').execute();
}
