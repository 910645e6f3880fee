/**
 * SQLite (better-sqlite3): the embedded default. WAL mode and a busy timeout so readers never
 * block the writer; FTS5 with the trigram tokenizer for search, which matches any substring of
 * three or more characters and so works for Japanese, which has no spaces between words.
 * @module
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Expression, type SqlBool } from 'kysely';
import { escapeLike, makeSnippet, type DialectHelpers, type SearchDocumentRow, type SearchHit } from './dialect.js';

export function createSqliteKysely<DB>(file: string): { db: Kysely<DB>; close: () => void } {
  const connection = new Database(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  connection.pragma('synchronous = NORMAL');
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

/** FTS5 phrase: double quotes inside are doubled, so user text is never query syntax. */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export const sqliteHelpers: DialectHelpers = {
  name: 'sqlite',
  binaryColumnType: 'blob',

  async createSearchIndex(db) {
    await sql`CREATE VIRTUAL TABLE search_document_fts USING fts5(
      title, body, content='search_document', content_rowid='rowid', tokenize='trigram')`.execute(db);
    // External-content FTS: triggers keep the index in step with the table.
    await sql`CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
      INSERT INTO search_document_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
    await sql`CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
      INSERT INTO search_document_fts(search_document_fts, rowid, title, body)
      VALUES ('delete', old.rowid, old.title, old.body); END`.execute(db);
    await sql`CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
      INSERT INTO search_document_fts(search_document_fts, rowid, title, body)
      VALUES ('delete', old.rowid, old.title, old.body);
      INSERT INTO search_document_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
  },

  async dropSearchIndex(db) {
    for (const trigger of ['search_document_ai', 'search_document_ad', 'search_document_au']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)}`.execute(db);
    }
    await sql`DROP TABLE IF EXISTS search_document_fts`.execute(db);
  },

  async upsertSearchDocument(db, doc) {
    await db
      .insertInto('search_document')
      .values({
        object_type: doc.objectType,
        object_id: doc.objectId,
        workspace_id: doc.workspaceId,
        tlp: doc.tlp,
        title: doc.title,
        body: doc.body,
        updated_at: doc.updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(['object_type', 'object_id']).doUpdateSet({
          workspace_id: doc.workspaceId,
          tlp: doc.tlp,
          title: doc.title,
          body: doc.body,
          updated_at: doc.updatedAt,
        }),
      )
      .execute();
  },

  async deleteSearchDocument(db, objectType, objectId) {
    await db
      .deleteFrom('search_document')
      .where('object_type', '=', objectType)
      .where('object_id', '=', objectId)
      .execute();
  },

  async search(db, query) {
    const terms = query.text.trim().split(/\s+/).filter(Boolean);
    if (terms.length === 0 || query.workspaceIds.length === 0) return [];
    // Trigrams need three characters; shorter terms (common in Japanese: 攻撃) fall back to LIKE.
    const ftsTerms = terms.filter((term) => [...term].length >= 3);
    const likeTerms = terms.filter((term) => [...term].length < 3);
    let select = db
      .selectFrom('search_document as d')
      .select(['d.object_type', 'd.object_id', 'd.workspace_id', 'd.tlp', 'd.title', 'd.body'])
      .where((eb) =>
        eb.or(
          query.workspaceIds.map((workspaceId) =>
            eb.and([
              eb('d.workspace_id', '=', workspaceId),
              eb('d.tlp', 'in', [...(query.tlpByWorkspace.get(workspaceId) ?? ['-'])]),
            ]),
          ),
        ),
      );
    if (ftsTerms.length > 0) {
      const match = ftsTerms.map(ftsPhrase).join(' AND ');
      select = select.where(
        sql<SqlBool>`d.rowid IN (SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH ${match})`,
      );
    }
    for (const term of likeTerms) {
      const pattern = `%${escapeLike(term)}%`;
      select = select.where(
        (eb) =>
          eb.or([
            sql<SqlBool>`d.title LIKE ${pattern} ESCAPE '\\'`,
            sql<SqlBool>`d.body LIKE ${pattern} ESCAPE '\\'`,
          ]) as Expression<SqlBool>,
      );
    }
    if (query.objectTypes?.length) select = select.where('d.object_type', 'in', [...query.objectTypes]);
    const rows = (await select.orderBy('d.updated_at', 'desc').limit(query.limit).execute()) as SearchDocumentRow[];
    return rows.map(
      (row): SearchHit => ({
        objectType: row.object_type,
        objectId: row.object_id,
        workspaceId: row.workspace_id,
        tlp: row.tlp,
        title: row.title,
        snippet: makeSnippet(row.body, terms[0] ?? ''),
      }),
    );
  },

  async claimJobs(db, options) {
    const result = await sql<{
      id: string;
      name: string;
      payload: string;
      attempts: number;
      max_attempts: number;
    }>`UPDATE job SET status = 'running', locked_by = ${options.workerId}, locked_until = ${options.lockedUntil},
          attempts = attempts + 1, updated_at = ${options.now}
        WHERE id IN (
          SELECT id FROM job
          WHERE name IN (${sql.join(options.names)})
            AND ((status = 'queued' AND run_at <= ${options.now})
              OR (status = 'running' AND locked_until < ${options.now}))
          ORDER BY run_at LIMIT ${options.limit})
        RETURNING id, name, payload, attempts, max_attempts`.execute(db);
    return result.rows;
  },
};
