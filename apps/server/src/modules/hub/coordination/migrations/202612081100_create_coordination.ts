/** hub/coordination (issue 15): threads per counterparty, their messages, takedown targets. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('coordination_thread')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (column) => column.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('request', 'text', (column) => column.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('party_name', 'text', (column) => column.notNull())
    .addColumn('recipients', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('tlp', 'text', (column) => column.notNull())
    .addColumn('target', 'text')
    .addColumn('victim_consent', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('due_days', 'integer', (column) => column.notNull())
    .addColumn('due_at', 'text')
    .addColumn('reminders_sent', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('escalated_from', 'text')
    .addColumn('evidence', 'text', (column) => column.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('action_at', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('coordination_thread_incident')
    .on('coordination_thread')
    .columns(['incident_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('coordination_thread_due')
    .on('coordination_thread')
    .columns(['workspace_id', 'status', 'due_at'])
    .execute();
  await db.schema
    .createTable('coordination_message')
    .addColumn('thread_id', 'text', (column) =>
      column.notNull().references('coordination_thread.id').onDelete('cascade'),
    )
    .addColumn('outbound_id', 'text', (column) => column.notNull())
    .addColumn('message_id', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('coordination_message_pk', ['thread_id', 'outbound_id'])
    .execute();
  await db.schema
    .createTable('takedown_target')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (column) => column.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('reported_at', 'text', (column) => column.notNull())
    .addColumn('down_at', 'text')
    .addColumn('checks', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_checked_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_final_url', 'text')
    .addColumn('last_content_hash', 'text')
    .addColumn('first_content_hash', 'text')
    .addColumn('last_error', 'text')
    .addColumn('monitoring', 'integer', (column) => column.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addUniqueConstraint('takedown_target_incident_url', ['incident_id', 'url'])
    .execute();
  await db.schema
    .createIndex('takedown_target_workspace')
    .on('takedown_target')
    .columns(['workspace_id', 'state'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('takedown_target').execute();
  await db.schema.dropTable('coordination_message').execute();
  await db.schema.dropTable('coordination_thread').execute();
}
