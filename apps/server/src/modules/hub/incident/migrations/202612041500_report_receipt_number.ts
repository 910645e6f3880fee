/**
 * hub/incident: a report's own receipt number. A report that joins an existing incident gets a
 * number of its own (from the same sequence) when its submitter may not know that incident, so
 * that a receipt never reveals another incident's existence; a reply tagged with it threads to
 * the report's incident. Reports filed before keep none (their receipts named the incident).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('report').addColumn('receipt_number', 'text').execute();
  await db.schema
    .createIndex('report_receipt_number')
    .on('report')
    .columns(['workspace_id', 'receipt_number'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('report_receipt_number').execute();
  await db.schema.alterTable('report').dropColumn('receipt_number').execute();
}
