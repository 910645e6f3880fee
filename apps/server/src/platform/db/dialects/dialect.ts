/**
 * What differs between SQLite and PostgreSQL, behind one interface. Only the files in this
 * folder may know which database they run on (the Kysely rule); everything else asks
 * `dialectOf(db)` for a helper.
 * @module
 */
import { sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** A row to index for full-text search. */
export interface SearchDocument {
  objectType: string;
  objectId: string;
  workspaceId: string;
  tlp: string;
  title: string;
  body: string;
  /** The words of `body` (`searchWords(body)`), if already computed off the writing thread. */
  bodyWords?: string;
  /** The index keys of `bodyWords` (the dialect's `searchWordKeys`), if computed with them. */
  bodyWordKeys?: Int32Array;
  /**
   * The object keeps `body` itself (a report its text): the index stores the words, not a second
   * copy, and a hit's snippet is read from the object (`registerExcerptSource`).
   */
  bodyKeptByObject?: boolean;
  updatedAt: string;
}

export interface SearchQuery {
  /** Folded terms without white space (search/search-terms.ts), each to occur in `search_document.terms`. */
  terms: readonly string[];
  workspaceIds: readonly string[];
  /** TLP labels the reader may see in each workspace (already resolved by the access policy). */
  tlpByWorkspace: ReadonlyMap<string, readonly string[]>;
  objectTypes?: readonly string[];
  limit: number;
}

/** The dialect's own columns of a `search_document` row (PostgreSQL's trigram keys). */
export interface SearchIndexColumns {
  trigram_keys?: string;
}

/** A row of `search_document` as the dialects read it back. */
export interface SearchDocumentRow {
  object_type: string;
  object_id: string;
  workspace_id: string;
  tlp: string;
  title: string;
  body: string;
}

export interface SearchHit {
  objectType: string;
  objectId: string;
  workspaceId: string;
  tlp: string;
  title: string;
  snippet: string;
}

export interface ClaimJobsOptions {
  workerId: string;
  now: string;
  lockedUntil: string;
  limit: number;
  names: readonly string[];
}

/** A claimed job row, as the queue reads it back. */
export interface ClaimedJobRow {
  id: string;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
}

export interface DialectHelpers {
  readonly name: DialectName;
  /** Column type for binary content (migrations). */
  readonly binaryColumnType: 'blob' | 'bytea';
  search(db: Kysely<any>, query: SearchQuery): Promise<SearchHit[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any schema with search_document
  /**
   * Columns of `search_document` this database's index needs besides `terms`, computed from the
   * words. `known`: a tail of `terms` whose keys (`bodyWordKeys`) are already computed.
   */
  searchIndexColumns(terms: string, known?: { words: string; keys: Int32Array }): SearchIndexColumns;
  /**
   * The keys of a document's words this database's index stores (`searchIndexColumns`):
   * PostgreSQL's trigram keys (trigram-keys.ts), SQLite none. Parse workers compute a body's
   * keys by this name, off the writing thread.
   */
  readonly searchWordKeys: 'trigram' | 'none';
  /**
   * Atomically marks up to `limit` due jobs as running for `workerId` and returns them.
   * PostgreSQL uses `FOR UPDATE SKIP LOCKED` so several processes share one queue; SQLite has a
   * single writer, so a plain UPDATE … RETURNING is already atomic.
   */
  claimJobs(db: Kysely<any>, options: ClaimJobsOptions): Promise<ClaimedJobRow[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  /**
   * Runs INSERT statements atomically, in order, with as few round trips as the database
   * allows: on PostgreSQL one statement (the first ones as data-modifying CTEs); on SQLite, which
   * is in-process, a transaction. For hot paths where a reply waits on the commit (SMTP 250).
   */
  insertTogether(db: Kysely<any>, inserts: readonly Compilable[]): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  /**
   * Gives the query planner statistics for `tables` where they are missing or the table has
   * grown by half since they were taken; call outside a transaction after loading many rows. On
   * PostgreSQL keyed look-ups depend on them: a table never analysed is assumed to match one row
   * per workspace and type, and `value IN (…)` becomes a scan of every observable of the type
   * (autovacuum analyses in time where it runs; this does not rely on it). Returns the tables
   * analysed.
   */
  refreshStatistics(db: Kysely<any>, tables: readonly string[]): Promise<string[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
}

/**
 * The job claim, shared by both dialects: due or abandoned jobs are marked running for the
 * worker in one statement. `lockClause` is PostgreSQL's `FOR UPDATE SKIP LOCKED` (SQLite has a
 * single writer and needs none).
 */
export async function claimJobsWith(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema with a job table
  db: Kysely<any>,
  options: ClaimJobsOptions,
  lockClause: RawBuilder<unknown>,
): Promise<ClaimedJobRow[]> {
  const result =
    await sql<ClaimedJobRow>`UPDATE job SET status = 'running', locked_by = ${options.workerId}, locked_until = ${options.lockedUntil},
        attempts = attempts + 1, updated_at = ${options.now}
      WHERE id IN (
        SELECT id FROM job
        WHERE name IN (${sql.join(options.names)})
          AND ((status = 'queued' AND run_at <= ${options.now})
            OR (status = 'running' AND locked_until < ${options.now}))
        ORDER BY run_at LIMIT ${options.limit}
        ${lockClause})
      RETURNING id, name, payload, attempts, max_attempts`.execute(db);
  return result.rows;
}

/** `search_document` rows the reader may see: per workspace, only the readable TLP labels. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema with search_document
export function readableDocuments(db: Kysely<any>, query: SearchQuery) {
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
  if (query.objectTypes?.length) select = select.where('d.object_type', 'in', [...query.objectTypes]);
  return select;
}

/** Rows of a search, newest first, as hits with a snippet around the first term. */
export function toSearchHits(rows: readonly SearchDocumentRow[], firstTerm: string): SearchHit[] {
  return rows.map((row) => ({
    objectType: row.object_type,
    objectId: row.object_id,
    workspaceId: row.workspace_id,
    tlp: row.tlp,
    title: row.title,
    snippet: makeSnippet(row.body, firstTerm),
  }));
}

/** Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A short excerpt of `body` around the first case-insensitive occurrence of `text`. */
export function makeSnippet(body: string, text: string, width = 80): string {
  const index = body.toLowerCase().indexOf(text.toLowerCase());
  const start = Math.max(0, (index < 0 ? 0 : index) - width / 2);
  const excerpt = body.slice(start, start + width);
  return `${start > 0 ? '…' : ''}${excerpt}${start + width < body.length ? '…' : ''}`;
}
