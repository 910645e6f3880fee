/** Queries of hub/feeds. @module */
import type { Tlp } from '@renkei/contracts';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../../platform/index.js';
import type { FeedEventRow, FeedImportRow, FeedPartyRow, FeedProblemTable } from './feeds.table.js';

export async function insertImport(db: Db, row: FeedImportRow): Promise<void> {
  await db.insertInto('feed_import').values(row).execute();
}

export async function updateImport(db: Db, id: string, changes: Partial<Omit<FeedImportRow, 'id'>>): Promise<void> {
  await db.updateTable('feed_import').set(changes).where('id', '=', id).execute();
}

export function findImport(db: Db, id: string): Promise<FeedImportRow | undefined> {
  return db.selectFrom('feed_import').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listImports(db: Db, workspaceId: string, tlps: readonly Tlp[]): Promise<FeedImportRow[]> {
  return db
    .selectFrom('feed_import')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('tlp', 'in', [...tlps])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

const EVENT_COLUMNS = ['import_id', 'dedup_key', 'party_key', 'line', 'identifier', 'csv_line', 'raw'] as const;
const EVENTS_PER_STATEMENT = 400;

/**
 * The statement that inserts `count` events, built once per size and database: a feed writes a
 * million rows in statements of the same shape, and building each from Kysely's query tree
 * again cost more than SQLite's insert.
 */
const statements = new WeakMap<Db, Map<number, string>>();
function insertEventsSql(db: Db, count: number): string {
  let bySize = statements.get(db);
  if (!bySize) statements.set(db, (bySize = new Map<number, string>()));
  let text = bySize.get(count);
  if (!text) {
    const placeholder: FeedEventRow = {
      import_id: '',
      dedup_key: '',
      party_key: '',
      line: 0,
      identifier: '',
      csv_line: '',
      raw: '',
    };
    text = db
      .insertInto('feed_event')
      .values(Array.from({ length: count }, () => placeholder))
      .onConflict((oc) => oc.columns(['import_id', 'dedup_key']).doNothing())
      .compile().sql;
    bySize.set(count, text);
  }
  return text;
}

/**
 * Stores events, each (import, dedup key) once; returns how many were new. Rows go in
 * statements of 400 (7 parameters each: under SQLite's and PostgreSQL's limits).
 */
export async function insertEvents(db: Db, rows: readonly FeedEventRow[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += EVENTS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + EVENTS_PER_STATEMENT);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of EVENT_COLUMNS) parameters.push(row[column]);
    const result = await db.executeQuery(CompiledQuery.raw(insertEventsSql(db, chunk.length), parameters));
    inserted += Number(result.numAffectedRows ?? 0n);
  }
  return inserted;
}

export async function insertProblems(db: Db, rows: readonly FeedProblemTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('feed_problem')
      .values(rows.slice(start, start + 500))
      .execute();
}

export function problemsOf(db: Db, importId: string, limit: number): Promise<FeedProblemTable[]> {
  return db
    .selectFrom('feed_problem')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('line')
    .limit(limit)
    .execute();
}

/** Events per party, largest first. */
export function partyCounts(db: Db, importId: string): Promise<{ party_key: string; events: number }[]> {
  return db
    .selectFrom('feed_event')
    .select(['party_key', (eb) => eb.fn.countAll<number>().as('events')])
    .where('import_id', '=', importId)
    .groupBy('party_key')
    .execute()
    .then((rows) => rows.map((row) => ({ party_key: row.party_key, events: Number(row.events) })));
}

/** A party's events in file order, a page at a time (keyset on line). */
export function partyEvents(
  db: Db,
  importId: string,
  partyKey: string,
  afterLine: number,
  limit: number,
): Promise<Pick<FeedEventRow, 'line' | 'identifier' | 'csv_line'>[]> {
  return db
    .selectFrom('feed_event')
    .select(['line', 'identifier', 'csv_line'])
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute();
}

export async function insertParties(db: Db, rows: readonly FeedPartyRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500)
    await db
      .insertInto('feed_party')
      .values(rows.slice(start, start + 500))
      .execute();
}

export function partiesOf(db: Db, importId: string, limit = 10_000): Promise<FeedPartyRow[]> {
  return db
    .selectFrom('feed_party')
    .selectAll()
    .where('import_id', '=', importId)
    .orderBy('events', 'desc')
    .orderBy('party_key')
    .limit(limit)
    .execute();
}

export function findParty(db: Db, importId: string, partyKey: string): Promise<FeedPartyRow | undefined> {
  return db
    .selectFrom('feed_party')
    .selectAll()
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .executeTakeFirst();
}

/** A party's status, and what came with it (its message; its contact as looked up). */
export async function updateParty(
  db: Db,
  importId: string,
  partyKey: string,
  changes: Partial<
    Pick<FeedPartyRow, 'status' | 'outbound_message_id' | 'recipients' | 'recipients_source' | 'contact_note'>
  >,
): Promise<void> {
  await db
    .updateTable('feed_party')
    .set(changes)
    .where('import_id', '=', importId)
    .where('party_key', '=', partyKey)
    .execute();
}

/** Moves an import from one status to the next; false when it was not in `from` (another got there first). */
export async function moveImportStatus(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const result = await db
    .updateTable('feed_import')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
