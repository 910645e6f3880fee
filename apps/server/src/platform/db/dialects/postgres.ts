/**
 * PostgreSQL (pg): the path to more than one Renkei process. A connection pool; pg_trgm GIN
 * indexes make substring search (Japanese included) fast; `FOR UPDATE SKIP LOCKED` lets several
 * workers share the job queue without taking the same job.
 * @module
 */
import { Kysely, PostgresDialect, sql, type SqlBool } from 'kysely';
import pg from 'pg';
import { escapeLike, makeSnippet, type DialectHelpers, type SearchDocumentRow, type SearchHit } from './dialect.js';

export interface PostgresOptions {
  connectionString: string;
  poolSize: number;
  /** Schema to work in (tests use one per run); `public` otherwise. */
  schema?: string;
}

export function createPostgresKysely<DB>(options: PostgresOptions): { db: Kysely<DB>; close: () => Promise<void> } {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    // pg_trgm lives in public; our tables live in the chosen schema.
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  // An idle pooled connection can die (server restart, admin termination). pg emits that as an
  // 'error' event, which would crash the process unhandled; the pool has already dropped the
  // client and opens a new one on the next checkout, so there is nothing more to do.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

export const postgresHelpers: DialectHelpers = {
  name: 'postgres',
  binaryColumnType: 'bytea',

  async createSearchIndex(db) {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
    await sql`CREATE INDEX search_document_trgm ON search_document
      USING gin ((title || ' ' || body) public.gin_trgm_ops)`.execute(db);
  },

  async dropSearchIndex(db) {
    await sql`DROP INDEX IF EXISTS search_document_trgm`.execute(db);
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
    for (const term of terms) {
      select = select.where(sql<SqlBool>`(d.title || ' ' || d.body) ILIKE ${`%${escapeLike(term)}%`}`);
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
          ORDER BY run_at LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, attempts, max_attempts`.execute(db);
    return result.rows;
  },
};
