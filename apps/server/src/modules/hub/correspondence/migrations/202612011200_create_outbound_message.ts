/**
 * hub/correspondence: the outbound-message table. Messages handlers sent from incidents before
 * this module existed (timeline entries of kind `message`) are copied in, with their delivery
 * state, so that replies to them are still claimed and their state still shown; those not yet
 * sent get a delivery job, and the old `incident.send-message` jobs are retired.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('outbound_message')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id').onDelete('cascade'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('in_reply_to', 'text')
    .addColumn('references_header', 'text')
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbound_message_owner')
    .on('outbound_message')
    .columns(['owner_type', 'owner_id'])
    .execute();
  await sql`
    INSERT INTO outbound_message (id, workspace_id, owner_type, owner_id, purpose, tlp, recipients, subject, body,
      message_id, in_reply_to, references_header, headers, idempotency_key, status, last_error, created_by, created_at, sent_at)
    SELECT id, workspace_id, 'incident', incident_id, 'message', tlp, COALESCE(recipients, '[]'), COALESCE(subject, ''), body,
      message_id, NULL, NULL, '{}', 'incident-entry:' || id, COALESCE(delivery, 'queued'), NULL, author_id, created_at, NULL
    FROM incident_entry WHERE kind = 'message' AND message_id IS NOT NULL
  `.execute(db);
  // Messages still waiting are delivered by correspondence now; the old kind's jobs are retired
  // (nothing handles incident.send-message any more).
  await sql`
    INSERT INTO job (id, name, payload, status, attempts, max_attempts, run_at, locked_by, locked_until,
      idempotency_key, progress, progress_message, result, last_error, created_at, updated_at)
    SELECT 'migrated-' || id, 'correspondence.deliver', '{"messageId":"' || id || '"}', 'queued', 0, 8, created_at,
      NULL, NULL, id, 0, NULL, NULL, NULL, created_at, created_at
    FROM outbound_message WHERE status = 'queued'
  `.execute(db);
  await sql`
    UPDATE job SET status = 'dead', last_error = 'replaced by correspondence.deliver (migration 202612011200)'
    WHERE name = 'incident.send-message' AND status IN ('queued', 'running')
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`DELETE FROM job WHERE name = 'correspondence.deliver' AND id LIKE 'migrated-%'`.execute(db);
  await db.schema.dropTable('outbound_message').execute();
}
