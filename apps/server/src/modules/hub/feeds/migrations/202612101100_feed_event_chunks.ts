/**
 * hub/feeds (issue 15): a party's events are stored as chunks — one row per party per flush of
 * the import's buffers, its CSV lines concatenated, its raw rows and line numbers beside them —
 * instead of one row per event behind a unique index on random keys (that index bounded a feed
 * at 20–50k rows/s on SQLite; decision 0019). De-duplication moves to the import's memory.
 * Events already stored are carried over, one chunk per party.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('feed_event_chunk')
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('party_key', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('events', 'integer', (column) => column.notNull())
    .addColumn('lines', 'text', (column) => column.notNull())
    .addColumn('csv', 'text', (column) => column.notNull())
    .addColumn('raw', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('feed_event_chunk_pk', ['import_id', 'party_key', 'seq'])
    .execute();
  await db.schema.alterTable('feed_party').addColumn('identifiers', 'text').execute();

  const groups = (await db.selectFrom('feed_event').select(['import_id', 'party_key']).distinct().execute()) as {
    import_id: string;
    party_key: string;
  }[];
  for (const group of groups) {
    const events = (await db
      .selectFrom('feed_event')
      .select(['line', 'identifier', 'csv_line', 'raw'])
      .where('import_id', '=', group.import_id)
      .where('party_key', '=', group.party_key)
      .orderBy('line')
      .execute()) as { line: number; identifier: string; csv_line: string; raw: string }[];
    const identifiers: Record<string, number> = {};
    for (const event of events) identifiers[event.identifier] = (identifiers[event.identifier] ?? 0) + 1;
    await db
      .insertInto('feed_event_chunk')
      .values({
        import_id: group.import_id,
        party_key: group.party_key,
        seq: 0,
        events: events.length,
        lines: events.map((event) => event.line).join(','),
        csv: events.map((event) => event.csv_line).join(''),
        raw: events.map((event) => `${event.raw}\n`).join(''),
      })
      .execute();
    await db
      .updateTable('feed_party')
      .set({ identifiers: JSON.stringify(identifiers) })
      .where('import_id', '=', group.import_id)
      .where('party_key', '=', group.party_key)
      .execute();
  }
  await db.schema.dropTable('feed_event').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('feed_event')
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('dedup_key', 'text', (column) => column.notNull())
    .addColumn('party_key', 'text', (column) => column.notNull())
    .addColumn('line', 'integer', (column) => column.notNull())
    .addColumn('identifier', 'text', (column) => column.notNull())
    .addColumn('csv_line', 'text', (column) => column.notNull())
    .addColumn('raw', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('feed_event_pk', ['import_id', 'dedup_key'])
    .execute();
  await db.schema
    .createIndex('feed_event_party')
    .on('feed_event')
    .columns(['import_id', 'party_key', 'line'])
    .execute();
  await db.schema.alterTable('feed_party').dropColumn('identifiers').execute();
  await db.schema.dropTable('feed_event_chunk').execute();
}
