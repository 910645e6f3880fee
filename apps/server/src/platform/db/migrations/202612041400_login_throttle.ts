/**
 * Sign-in throttling per account and source address (replacing the account lockout anyone could
 * trigger), and the last TOTP time step each account used (a code is accepted once).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['username', 'source'])
    .execute();
  await db.schema.alterTable('user_account').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('user_account').dropColumn('totp_last_step').execute();
  await db.schema.dropTable('login_throttle').execute();
}
