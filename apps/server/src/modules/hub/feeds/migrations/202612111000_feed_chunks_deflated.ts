/**
 * hub/feeds (issue 15): a chunk's CSV lines and raw rows are stored deflated (raw DEFLATE of
 * their UTF-8) in `feed_chunk`, which replaces `feed_event_chunk`: feed text shrinks five- to
 * tenfold, and the database wrote the uncompressed text at about a third of a feed's time
 * (decision 0019). Stored chunks are carried over in both directions without loss.
 */
import type { Kysely } from 'kysely';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { dialectOf } from '../../../../platform/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema as it was
type AnyDb = Kysely<any>;

interface ChunkText {
  import_id: string;
  party_key: string;
  seq: number;
  events: number;
  lines: string;
  csv: string;
  raw: string;
}

async function createChunkTable(db: AnyDb, name: string, text: 'text' | 'blob' | 'bytea'): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('import_id', 'text', (column) => column.notNull().references('feed_import.id').onDelete('cascade'))
    .addColumn('party_key', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('events', 'integer', (column) => column.notNull())
    .addColumn('lines', 'text', (column) => column.notNull())
    .addColumn('csv', text, (column) => column.notNull())
    .addColumn('raw', text, (column) => column.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['import_id', 'party_key', 'seq'])
    .execute();
}

/** Copies chunks one import at a time (a feed's chunks fit in memory; all feeds may not). */
async function copyChunks(
  db: AnyDb,
  from: string,
  to: string,
  convert: (csv: Uint8Array | string) => Uint8Array | string,
): Promise<void> {
  const imports = (await db.selectFrom(from).select('import_id').distinct().execute()) as { import_id: string }[];
  for (const { import_id } of imports) {
    const rows = (await db.selectFrom(from).selectAll().where('import_id', '=', import_id).execute()) as ChunkText[];
    for (const row of rows)
      await db
        .insertInto(to)
        .values({ ...row, csv: convert(row.csv), raw: convert(row.raw) })
        .execute();
  }
}

export async function up(db: AnyDb): Promise<void> {
  await createChunkTable(db, 'feed_chunk', dialectOf(db).binaryColumnType);
  await copyChunks(db, 'feed_event_chunk', 'feed_chunk', (text) => deflateRawSync(Buffer.from(text as string, 'utf8')));
  await db.schema.dropTable('feed_event_chunk').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await createChunkTable(db, 'feed_event_chunk', 'text');
  await copyChunks(db, 'feed_chunk', 'feed_event_chunk', (packed) => inflateRawSync(packed).toString('utf8'));
  await db.schema.dropTable('feed_chunk').execute();
}
