/**
 * Hub intake, second part: the OpenPGP key directory (with the team's own key, its private
 * half passphrase-encrypted), handlers' saved queue views, the incident timeline (notes,
 * outgoing messages, state changes), and the raw-message index that folds re-delivered mail.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('inbound_mail_raw').on('inbound_mail').columns(['workspace_id', 'raw_sha256']).execute();
  // One report per message: two deliveries of the same mail processed at the same moment must
  // not both file a report, so the database, not a prior look-up, has the last word.
  await db.schema.dropIndex('report_message_id').execute();
  await db.schema
    .createIndex('report_message_id')
    .unique()
    .on('report')
    .columns(['workspace_id', 'message_id'])
    .execute();
  await db.schema.createIndex('report_raw').unique().on('report').columns(['workspace_id', 'raw_sha256']).execute();

  await db.schema
    .createTable('pgp_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('armored_public', 'text', (c) => c.notNull())
    // Only the team key has one: the armored private key, encrypted with the team passphrase.
    .addColumn('armored_private', 'text')
    .addColumn('is_team_key', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pgp_key_fingerprint')
    .unique()
    .on('pgp_key')
    .columns(['workspace_id', 'fingerprint'])
    .execute();

  await db.schema
    .createTable('saved_view')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspace.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_view_user').on('saved_view').columns(['user_id', 'workspace_id']).execute();

  await db.schema
    .createTable('incident_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // note | message (outgoing mail) | event (state change, merge, split)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text')
    .addColumn('message_id', 'text')
    // for messages: queued → sent | failed
    .addColumn('delivery', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_entry_incident')
    .on('incident_entry')
    .columns(['incident_id', 'created_at'])
    .execute();
  // Replies to our outgoing messages thread by In-Reply-To.
  await db.schema
    .createIndex('incident_entry_message_id')
    .on('incident_entry')
    .columns(['workspace_id', 'message_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('incident_entry').execute();
  await db.schema.dropTable('saved_view').execute();
  await db.schema.dropTable('pgp_key').execute();
  await db.schema.dropIndex('report_raw').execute();
  await db.schema.dropIndex('report_message_id').execute();
  await db.schema.createIndex('report_message_id').on('report').columns(['workspace_id', 'message_id']).execute();
  await db.schema.dropIndex('inbound_mail_raw').execute();
}
