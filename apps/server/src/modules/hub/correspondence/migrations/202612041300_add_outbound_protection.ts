/**
 * hub/correspondence: how each sent message was protected with OpenPGP (`none`, `signed`,
 * `signed+encrypted`), decided when it is delivered; messages sent before are left unknown (null).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbound_message').addColumn('protection', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbound_message').dropColumn('protection').execute();
}
