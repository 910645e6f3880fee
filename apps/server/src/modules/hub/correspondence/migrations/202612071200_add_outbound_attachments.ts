/** hub/correspondence (issue 15): attachments of outbound messages (a feed notification's CSV), kept as blobs. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbound_message').addColumn('attachments', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbound_message').dropColumn('attachments').execute();
}
