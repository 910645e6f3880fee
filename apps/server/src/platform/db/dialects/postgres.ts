/**
 * PostgreSQL (pg): the path to more than one Renkei process. A connection pool; a GIN index on
 * the trigram keys of each document's words makes substring search (Japanese included) fast
 * (trigram-keys.ts, decision 0009); `FOR UPDATE SKIP LOCKED` lets several workers share the job
 * queue without taking the same job.
 * @module
 */
import { CompiledQuery, Kysely, PostgresDialect, sql, type SqlBool } from 'kysely';
import pg from 'pg';
import {
  claimJobsWith,
  escapeLike,
  readableDocuments,
  toSearchHits,
  type DialectHelpers,
  type SearchDocumentRow,
  type SearchQuery,
} from './dialect.js';
import { keysLiteral, mergeKeys, trigramKeys } from './trigram-keys.js';

export interface PostgresOptions {
  connectionString: string;
  poolSize: number;
  /** Schema to work in (tests use one per run); `public` otherwise. */
  schema?: string;
}

export function createPostgresKysely<DB>(options: PostgresOptions): { db: Kysely<DB>; close: () => Promise<void> } {
  const settings = [
    // Random reads cost about as much as sequential ones on SSDs and from the cache (PostgreSQL's
    // documentation suggests 1.1 there; the default 4.0 models spinning disks). With 4.0 the
    // planner scans all of incident_observable rather than probing its index for a batch's 200
    // observables: 3–5 ms instead of 0.7 ms per look-up, until the table is large.
    '-c random_page_cost=1.1',
    // Extensions live in public; our tables live in the chosen schema.
    ...(options.schema ? [`-c search_path=${options.schema},public`] : []),
  ];
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    options: settings.join(' '),
  });
  // An idle pooled connection can die (server restart, admin termination). pg emits that as an
  // 'error' event, which would crash the process unhandled; the pool has already dropped the
  // client and opens a new one on the next checkout, so there is nothing more to do.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

/** The search as a query (exported so that a test can ask the planner how it runs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema with search_document
export function searchSelect(db: Kysely<any>, query: SearchQuery) {
  let select = readableDocuments(db, query);
  for (const term of query.terms) {
    // The GIN index finds the documents holding every trigram key of the term (a term under
    // three code points has none: LIKE alone); terms and words are already folded, so LIKE decides.
    const keys = trigramKeys(term);
    if (keys.length > 0) select = select.where(sql<SqlBool>`d.trigram_keys @> ${keysLiteral(keys)}::int4[]`);
    select = select.where(sql<SqlBool>`d.terms LIKE ${`%${escapeLike(term)}%`}`);
  }
  return select.orderBy('d.updated_at', 'desc').limit(query.limit);
}

export const postgresHelpers: DialectHelpers = {
  name: 'postgres',
  binaryColumnType: 'bytea',

  async search(db, query) {
    if (query.terms.length === 0 || query.workspaceIds.length === 0) return [];
    const rows = (await searchSelect(db, query).execute()) as SearchDocumentRow[];
    return toSearchHits(rows, query.terms[0] ?? '');
  },

  searchWordKeys: 'trigram',

  searchIndexColumns(terms, known) {
    // Only the words before the keyed tail (a report's title words, searchWordsWith) are keyed here.
    const keys =
      known && terms.endsWith(known.words)
        ? mergeKeys(trigramKeys(terms.slice(0, terms.length - known.words.length)), known.keys)
        : trigramKeys(terms);
    return { trigram_keys: keysLiteral(keys) };
  },

  claimJobs(db, options) {
    return claimJobsWith(db, options, sql`FOR UPDATE SKIP LOCKED`);
  },

  async refreshStatistics(db, tables) {
    if (tables.length === 0) return [];
    // Autovacuum's rule, with "grew by half" instead of "by 10 %": each ANALYZE samples up to
    // 30,000 rows (~50 ms), so a load of 10,000 reports analyses each table a handful of times.
    const stale = await sql<{ relname: string }>`SELECT relname FROM pg_stat_user_tables
      WHERE schemaname = current_schema() AND relname IN (${sql.join(tables)})
        AND n_mod_since_analyze > GREATEST(1000, (n_live_tup - n_mod_since_analyze) / 2)`.execute(db);
    for (const { relname } of stale.rows) await sql`ANALYZE ${sql.id(relname)}`.execute(db);
    return stale.rows.map((row) => row.relname);
  },

  async insertTogether(db, inserts) {
    // One statement is one implicit transaction and one round trip. Kysely binds every value as
    // a parameter ($n), so renumbering them is all it takes to put the statements side by side;
    // foreign keys are checked at the end of the statement, when all rows are in.
    const parameters: unknown[] = [];
    const statements = inserts.map((insert) => {
      const compiled = insert.compile();
      const offset = parameters.length;
      parameters.push(...compiled.parameters);
      return compiled.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    });
    const last = statements.pop();
    if (last === undefined) return;
    const text =
      statements.length > 0
        ? `WITH ${statements.map((statement, i) => `insert_${i} AS (${statement})`).join(', ')} ${last}`
        : last;
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  },
};
