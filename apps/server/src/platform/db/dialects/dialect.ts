/**
 * What differs between SQLite and PostgreSQL, behind one interface. Only the files in this
 * folder may know which database they run on (the Kysely rule); everything else asks
 * `dialectOf(db)` for a helper.
 * @module
 */
import type { Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** A row to index for full-text search. */
export interface SearchDocument {
  objectType: string;
  objectId: string;
  workspaceId: string;
  tlp: string;
  title: string;
  body: string;
  updatedAt: string;
}

export interface SearchQuery {
  text: string;
  workspaceIds: readonly string[];
  /** TLP labels the reader may see in each workspace (already resolved by the access policy). */
  tlpByWorkspace: ReadonlyMap<string, readonly string[]>;
  objectTypes?: readonly string[];
  limit: number;
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
  /** DDL for the search index (called from a migration). */
  createSearchIndex(db: Kysely<any>): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations run on an untyped schema
  dropSearchIndex(db: Kysely<any>): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  upsertSearchDocument(db: Kysely<any>, doc: SearchDocument): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- works on any Database that has search_document
  deleteSearchDocument(db: Kysely<any>, objectType: string, objectId: string): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  search(db: Kysely<any>, query: SearchQuery): Promise<SearchHit[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  /**
   * Atomically marks up to `limit` due jobs as running for `workerId` and returns them.
   * PostgreSQL uses `FOR UPDATE SKIP LOCKED` so several processes share one queue; SQLite has a
   * single writer, so a plain UPDATE … RETURNING is already atomic.
   */
  claimJobs(db: Kysely<any>, options: ClaimJobsOptions): Promise<ClaimedJobRow[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
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
