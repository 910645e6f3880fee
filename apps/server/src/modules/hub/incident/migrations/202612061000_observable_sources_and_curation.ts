/**
 * hub/incident (issue 17): where each observable of a report was found and how it was written,
 * and handler curation. `incident_observable.sources` lists the places in the report (link,
 * image, text, header, stylesheet, structural, signature, reporter, handler, …), `seen` the
 * text as written when it differs from the normalised value; `observable.correlation` is `auto`,
 * `ignored` (a handler said it is not an indicator) or `over_limit` (seen in too many incidents:
 * it stopped linking and waits for review). An observable a handler adds by hand has the
 * source `handler` and an empty `report_id` (no report carried it).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('incident_observable').addColumn('sources', 'text').execute();
  await db.schema.alterTable('incident_observable').addColumn('seen', 'text').execute();
  await db.schema
    .alterTable('observable')
    .addColumn('correlation', 'text', (column) => column.notNull().defaultTo('auto'))
    .execute();
  await db.schema.alterTable('observable').addColumn('correlation_changed_by', 'text').execute();
  await db.schema.alterTable('observable').addColumn('correlation_changed_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('observable').dropColumn('correlation_changed_at').execute();
  await db.schema.alterTable('observable').dropColumn('correlation_changed_by').execute();
  await db.schema.alterTable('observable').dropColumn('correlation').execute();
  await db.schema.alterTable('incident_observable').dropColumn('seen').execute();
  await db.schema.alterTable('incident_observable').dropColumn('sources').execute();
}
