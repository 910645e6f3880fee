/**
 * SQLite (better-sqlite3): the embedded default. WAL mode and a busy timeout so readers never
 * block the writer; FTS5 with the trigram tokenizer for search, which matches any substring of
 * three or more characters and so works for Japanese, which has no spaces between words.
 * The index covers each document's distinct words (`search_document.terms`, decision 0008) and
 * keeps no token positions (`detail=none`, decision 0006): substring search goes through LIKE,
 * which FTS5 answers from the trigram index and then checks against the words.
 * @module
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqlBool } from 'kysely';
import {
  claimJobsWith,
  escapeLike,
  readableDocuments,
  toSearchHits,
  type DialectHelpers,
  type SearchDocumentRow,
} from './dialect.js';

export function createSqliteKysely<DB>(file: string): { db: Kysely<DB>; close: () => void } {
  const connection = new Database(file);
  // 16 KiB pages (default 4 KiB) for a new database — an existing one keeps its size. Raw mail,
  // report bodies and search texts of ~20 KB then take 2 pages instead of 6 overflow pages:
  // importing 10,000 messages writes a third fewer pages and runs ~13 % faster (SQLite's own
  // measurements of BLOB storage point the same way).
  connection.pragma('page_size = 16384');
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
  // A page cache of 64 MiB (default 2 MiB) and memory-mapped reads: with a million observables
  // the correlation look-ups and upserts otherwise go to the OS for most index pages.
  connection.pragma('cache_size = -65536');
  connection.pragma('mmap_size = 268435456');
  // Keep the query planner's statistics current (cheap; SQLite's recommended practice at open).
  connection.pragma('optimize = 0x10002');
  // Kysely prepares every query anew; a statement cache keyed by SQL text saves that work on
  // the hot path (better-sqlite3 re-prepares by itself after a schema change).
  const statements = new Map<string, Database.Statement>();
  const database = {
    close: () => connection.close(),
    prepare(sqlText: string): Database.Statement {
      let statement = statements.get(sqlText);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = connection.prepare(sqlText);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return { db, close: () => connection.close() };
}

/**
 * Rows whose words contain `term`, answered from the trigram index: FTS5 turns a LIKE on its
 * column into trigram look-ups and checks the candidate rows.
 */
function trigramMatch(term: string) {
  return sql<SqlBool>`d.rowid IN (SELECT rowid FROM search_document_fts WHERE terms LIKE ${`%${term}%`})`;
}

export const sqliteHelpers: DialectHelpers = {
  name: 'sqlite',
  binaryColumnType: 'blob',

  async search(db, query) {
    const { terms } = query;
    if (terms.length === 0 || query.workspaceIds.length === 0) return [];
    let select = readableDocuments(db, query);
    for (const term of terms) {
      // Trigrams need three characters, and FTS5 takes no ESCAPE clause: shorter terms (common in
      // Japanese: 攻撃) and terms with LIKE wildcards are matched by a plain LIKE instead.
      if ([...term].length >= 3 && !/[\\%_]/.test(term)) select = select.where(trigramMatch(term));
      else select = select.where(sql<SqlBool>`d.terms LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`);
    }
    const rows = (await select.orderBy('d.updated_at', 'desc').limit(query.limit).execute()) as SearchDocumentRow[];
    return toSearchHits(rows, terms[0] ?? '');
  },

  searchWordKeys: 'none',

  searchIndexColumns() {
    // FTS5 reads `terms` itself, through the triggers.
    return {};
  },

  claimJobs(db, options) {
    return claimJobsWith(db, options, sql``);
  },

  refreshStatistics() {
    // SQLite's planner uses an index for `value IN (…)` without statistics; the connection runs
    // PRAGMA optimize when it opens.
    return Promise.resolve([]);
  },

  async insertTogether(db, inserts) {
    await db.transaction().execute(async (trx) => {
      for (const insert of inserts) await trx.executeQuery(insert.compile());
    });
  },
};
