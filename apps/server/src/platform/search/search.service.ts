/**
 * Full-text search over every indexed object, Japanese and English, on both databases (FTS5
 * trigram on SQLite, trigram keys in a GIN index on PostgreSQL; see db/dialects), over each document's distinct
 * words (search-terms.ts). Modules index their objects in the transaction that changes them;
 * results are filtered by the access policy in SQL.
 * @module
 */
import { z } from 'zod';
import type { Tlp } from '@renkei/contracts';
import { readableScope, type Actor } from '../access/policy.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { dialectOf, makeSnippet, type SearchDocument, type SearchHit } from '../db/dialects/index.js';
import { requireActor } from '../auth/auth.hooks.js';
import type { AppInstance } from '../http/types.js';
import { queryTerms, searchWords, searchWordsWith } from './search-terms.js';
import { deleteSearchDocument, searchDocumentsOf, upsertSearchDocuments } from './search.repository.js';

export type { SearchDocument, SearchHit };

/**
 * Adds or replaces objects in the index (call inside the changing transaction): one statement
 * per 100 documents. The same SQL on both databases: SQLite's FTS5 table follows
 * `search_document` through triggers.
 */
export async function indexSearchDocuments(
  db: Db,
  documents: readonly (SearchDocument & { tlp: Tlp })[],
): Promise<void> {
  const dialect = dialectOf(db);
  // One row per object: a statement may not upsert the same row twice (PostgreSQL refuses).
  const rows = new Map(
    documents.map((document) => {
      const title = document.title.normalize('NFKC');
      // A report's body is neither stored nor split here when the parse worker gave its words.
      const body = document.bodyKeptByObject && document.bodyWords !== undefined ? '' : document.body.normalize('NFKC');
      // Words already computed are folded and distinct: only the title's are added to them.
      const terms =
        document.bodyWords !== undefined ? searchWordsWith(document.bodyWords, title) : searchWords(title, body);
      const row = {
        object_type: document.objectType,
        object_id: document.objectId,
        workspace_id: document.workspaceId,
        tlp: document.tlp,
        title,
        body: document.bodyKeptByObject ? '' : body,
        terms,
        updated_at: document.updatedAt,
        ...dialect.searchIndexColumns(
          terms,
          document.bodyWords !== undefined && document.bodyWordKeys
            ? { words: document.bodyWords, keys: document.bodyWordKeys }
            : undefined,
        ),
      };
      return [`${document.objectType}:${document.objectId}`, row];
    }),
  );
  await upsertSearchDocuments(db, [...rows.values()]);
}

/** Adds or replaces one object in the index (call inside the changing transaction). */
export function indexSearchDocument(db: Db, document: SearchDocument & { tlp: Tlp }): Promise<void> {
  return indexSearchDocuments(db, [document]);
}

/** The indexed body and label of an object, if it is indexed (to extend rather than replace it). */
export async function findSearchDocument(
  db: Db,
  objectType: string,
  objectId: string,
): Promise<{ body: string; tlp: string; title: string } | undefined> {
  return (await findSearchDocuments(db, objectType, [objectId])).get(objectId);
}

/** The indexed bodies and labels of objects of one type, by object id; one query per 200. */
export async function findSearchDocuments(
  db: Db,
  objectType: string,
  objectIds: readonly string[],
): Promise<Map<string, { body: string; tlp: string; title: string }>> {
  return searchDocumentsOf(db, objectType, objectIds);
}

export async function removeSearchDocument(db: Db, objectType: string, objectId: string): Promise<void> {
  await deleteSearchDocument(db, objectType, objectId);
}

/** The texts of objects of one type, by id: what their search documents do not keep (`bodyKeptByObject`). */
export type ExcerptSource = (db: Db, ids: readonly string[]) => Promise<Map<string, string>>;

// Filled once at start-up by the modules (modules/index.ts); the same functions for every context.
const excerptSources = new Map<string, ExcerptSource>();

/** Where hits of an object type open: id → path in the web app (e.g. a report → `/incidents/<its incident>`). */
export type HitLinkSource = (db: Db, ids: readonly string[]) => Promise<Map<string, string>>;
const hitLinks = new Map<string, HitLinkSource>();

export function registerHitLink(objectType: string, source: HitLinkSource): void {
  hitLinks.set(objectType, source);
}

/** Each hit's link, from its module's source (hits of other types keep none). */
async function withLinks(db: Db, hits: SearchHit[]): Promise<(SearchHit & { href?: string })[]> {
  const linked: (SearchHit & { href?: string })[] = hits;
  for (const [objectType, source] of hitLinks) {
    const ids = hits.filter((hit) => hit.objectType === objectType).map((hit) => hit.objectId);
    if (ids.length === 0) continue;
    const links = await source(db, ids);
    for (const hit of linked) {
      const href = hit.objectType === objectType ? links.get(hit.objectId) : undefined;
      if (href) hit.href = href;
    }
  }
  return linked;
}

/** Where snippets of an object type's hits come from when its documents keep no text. */
export function registerExcerptSource(objectType: string, source: ExcerptSource): void {
  excerptSources.set(objectType, source);
}

/** Snippets for hits whose documents keep no text, read from their objects (≤ limit look-ups by id). */
async function withExcerpts(db: Db, hits: SearchHit[], firstTerm: string): Promise<SearchHit[]> {
  for (const [objectType, source] of excerptSources) {
    const ids = hits.filter((hit) => hit.objectType === objectType && hit.snippet === '').map((hit) => hit.objectId);
    if (ids.length === 0) continue;
    const texts = await source(db, ids);
    for (const hit of hits) {
      const text = hit.objectType === objectType && hit.snippet === '' ? texts.get(hit.objectId) : undefined;
      if (text) hit.snippet = makeSnippet(text.normalize('NFKC'), firstTerm);
    }
  }
  return hits;
}

/**
 * Searches what the actor may read: documents containing every white-space-separated term of
 * `text`, case-insensitively and NFKC-normalised (full-width ＡＢＣ finds ABC). `snippets: false`
 * when only the hits' ids are needed (no texts are read for documents that keep none).
 */
export async function searchReadable(
  ctx: AppContext,
  actor: Actor,
  text: string,
  options: { objectTypes?: readonly string[]; workspaceId?: string; limit?: number; snippets?: boolean } = {},
): Promise<SearchHit[]> {
  const scope = readableScope(actor);
  const workspaceIds = options.workspaceId
    ? [...scope.keys()].filter((id) => id === options.workspaceId)
    : [...scope.keys()];
  const terms = queryTerms(text);
  const hits = await dialectOf(ctx.db).search(ctx.db, {
    terms,
    workspaceIds,
    tlpByWorkspace: scope,
    ...(options.objectTypes ? { objectTypes: options.objectTypes } : {}),
    limit: options.limit ?? 50,
  });
  return options.snippets === false ? hits : withExcerpts(ctx.db, hits, terms[0] ?? '');
}

const searchQuerySchema = z.object({
  q: z.string().min(1).max(200),
  type: z.string().max(50).optional(),
  workspaceId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const searchHitSchema = z.object({
  objectType: z.string(),
  objectId: z.string(),
  workspaceId: z.string(),
  tlp: z.string(),
  title: z.string(),
  snippet: z.string(),
  /** Where the hit opens in the web app (its incident for a report or a timeline entry). */
  href: z.string().optional(),
});

export function registerSearchRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over everything you may read',
        querystring: searchQuerySchema,
        response: { 200: z.array(searchHitSchema) },
      },
    },
    async (request) => {
      const { q, type, workspaceId, limit } = request.query;
      const hits = await searchReadable(ctx, requireActor(request), q, {
        ...(type ? { objectTypes: [type] } : {}),
        ...(workspaceId ? { workspaceId } : {}),
        limit,
      });
      return withLinks(ctx.db, hits);
    },
  );
}
