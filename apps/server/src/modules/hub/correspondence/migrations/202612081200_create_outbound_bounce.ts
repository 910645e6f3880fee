/** hub/correspondence (issue 15): delivery status notifications (bounces) of our messages, per recipient. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('outbound_bounce')
    .addColumn('message_id', 'text', (column) => column.notNull())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (column) => column.notNull())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('status', 'text')
    .addColumn('diagnostic', 'text')
    .addColumn('received_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('outbound_bounce_pk', ['message_id', 'report_id', 'recipient'])
    .execute();
  await db.schema
    .createIndex('outbound_bounce_recipient')
    .on('outbound_bounce')
    .columns(['workspace_id', 'recipient', 'received_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('outbound_bounce').execute();
}
