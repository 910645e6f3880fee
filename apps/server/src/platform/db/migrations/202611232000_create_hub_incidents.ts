/** Hub intake: blobs, incidents, reports, observables, inbound mail (and its quarantine), tracking numbers. */
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialects/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', dialectOf(db).binaryColumnType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tracking_sequence')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tracking_sequence_pk', ['prefix', 'year'])
    .execute();

  await db.schema
    .createTable('incident')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('rsit_type', 'text')
    .addColumn('sector', 'text')
    .addColumn('is_ics', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_targeted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ics_details', 'text')
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_due_at', 'text')
    .addColumn('merged_into_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_queue')
    .on('incident')
    .columns(['workspace_id', 'status', 'updated_at'])
    .execute();
  await db.schema.createIndex('incident_updated').on('incident').columns(['workspace_id', 'updated_at']).execute();

  await db.schema
    .createTable('report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_email', 'text')
    .addColumn('reporter_organization', 'text')
    .addColumn('language', 'text')
    .addColumn('raw_sha256', 'text')
    .addColumn('message_id', 'text')
    .addColumn('pgp_status', 'text')
    .addColumn('created_by', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_incident').on('report').columns(['incident_id', 'received_at']).execute();
  await db.schema.createIndex('report_message_id').on('report').columns(['workspace_id', 'message_id']).execute();

  await db.schema
    .createTable('observable')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('registered_domain', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observable_value')
    .on('observable')
    .columns(['workspace_id', 'type', 'value'])
    .unique()
    .execute();
  await db.schema
    .createIndex('observable_registered_domain')
    .on('observable')
    .columns(['workspace_id', 'registered_domain'])
    .execute();

  await db.schema
    .createTable('incident_observable')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('observable_id', 'text', (c) => c.notNull().references('observable.id').onDelete('cascade'))
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_observable_pk', ['incident_id', 'observable_id', 'report_id'])
    .execute();
  await db.schema
    .createIndex('incident_observable_by_observable')
    .on('incident_observable')
    .columns(['observable_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('incident_link')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('related_id', 'text', (c) => c.notNull().references('incident.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_link_pk', ['incident_id', 'related_id'])
    .execute();

  await db.schema
    .createTable('inbound_mail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('report_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbound_mail_status')
    .on('inbound_mail')
    .columns(['workspace_id', 'status', 'received_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'inbound_mail',
    'incident_link',
    'incident_observable',
    'observable',
    'report',
    'incident',
    'tracking_sequence',
    'blob',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
