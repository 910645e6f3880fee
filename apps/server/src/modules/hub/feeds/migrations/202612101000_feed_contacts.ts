/**
 * hub/feeds (issue 15): parties found by AS get their abuse contact from RDAP (where it came
 * from, or why there is none, is kept), and an import shows the progress of its long stages.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('feed_import').addColumn('progress', 'text').execute();
  await db.schema.alterTable('feed_party').addColumn('country', 'text').execute();
  await db.schema.alterTable('feed_party').addColumn('recipients_source', 'text').execute();
  await db.schema.alterTable('feed_party').addColumn('contact_note', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('feed_party').dropColumn('contact_note').execute();
  await db.schema.alterTable('feed_party').dropColumn('recipients_source').execute();
  await db.schema.alterTable('feed_party').dropColumn('country').execute();
  await db.schema.alterTable('feed_import').dropColumn('progress').execute();
}
