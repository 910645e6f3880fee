/**
 * Audit retention: the chain may start after records that were archived and removed
 * (`renkei audit prune`). `base_seq` and `base_hash` are the last removed record's number and
 * hash (0 and sixty-four zeros: nothing removed); verification starts there, and a signed base
 * line in the checkpoint file vouches for it (decision 0017).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('audit_chain_head')
    .addColumn('base_seq', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('audit_chain_head')
    .addColumn('base_hash', 'text', (column) => column.notNull().defaultTo('0'.repeat(64)))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('audit_chain_head').dropColumn('base_hash').execute();
  await db.schema.alterTable('audit_chain_head').dropColumn('base_seq').execute();
}
