/**
 * The knowledge base a plant's assistant retrieves from: the built-in synthetic procedures, the
 * documents the course staff add (signed: the installation's key vouches for their hash), the
 * documents trainees and "contractors" add to their plant (unsigned: the poisoning surface), and
 * the plant's notes. Every document keeps its provenance — who added it, when, its hash, and
 * whether its signature verifies — and retrieval can be limited to signed ones (a defence).
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  authRepository,
  installationMac,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { assertCanOperatePlant, isCourseStaff, loadVisiblePlant, notesForRetrieval } from '../plant/index.js';
import { Bm25Index, chunkText, type Chunk, type Hit } from './bm25.js';
import { BUILTIN_DOCUMENTS } from './corpus.js';
import * as repository from './knowledge.repository.js';
import type { KnowledgeDocumentRow } from './knowledge.table.js';

export const documentSchema = z.object({
  title: z.string().trim().min(1).max(200),
  lang: z.enum(['ja', 'en']),
  body: z.string().trim().min(1).max(50_000),
  /** Who a trainee's document claims to come from: themselves, or a contractor (a supplier's manual…). */
  origin: z.enum(['trainee', 'contractor']).default('trainee'),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function signatureHolds(ctx: AppContext, row: KnowledgeDocumentRow): Promise<boolean> {
  if (!row.signature || sha256(row.body) !== row.sha256) return false;
  return row.signature === (await installationMac(ctx.config, 'knowledge', `${row.sha256}\n${row.author_id}`));
}

/** Adds a document to a plant's knowledge base: signed if course staff add it, unsigned otherwise. */
export async function addDocument(
  ctx: AppContext,
  actor: Actor,
  plantId: string,
  input: z.infer<typeof documentSchema>,
) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  assertCanOperatePlant(actor, plant);
  const staff = isCourseStaff(actor, plant.workspace_id);
  const hash = sha256(input.body);
  const row: KnowledgeDocumentRow = {
    id: randomUUID(),
    workspace_id: plant.workspace_id,
    // Staff documents serve the whole course; a trainee's stay with their plant (no trainee poisons another's).
    instance_id: staff ? null : plantId,
    title: input.title,
    lang: input.lang,
    body: input.body,
    origin: staff ? 'staff' : input.origin,
    author_id: actor.userId,
    sha256: hash,
    signature: staff ? await installationMac(ctx.config, 'knowledge', `${hash}\n${actor.userId}`) : null,
    created_at: nowIso(),
  };
  await repository.insertDocument(ctx.db, row);
  await recordAudit(ctx.db, {
    actorId: actor.userId,
    action: 'knowledge.add',
    objectType: 'knowledge_document',
    objectId: row.id,
    workspaceId: plant.workspace_id,
    detail: { plantId, origin: row.origin, sha256: hash, signed: row.signature !== null },
  });
  return (await describe(ctx, [row]))[0]!;
}

async function describe(ctx: AppContext, rows: readonly KnowledgeDocumentRow[]) {
  const names = await authRepository.displayNamesOf(
    ctx.db,
    rows.map((row) => row.author_id),
  );
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      title: row.title,
      lang: row.lang,
      body: row.body,
      origin: row.origin,
      authorName: names.get(row.author_id) ?? null,
      scope: row.instance_id ? 'plant' : 'course',
      sha256: row.sha256,
      isSigned: await signatureHolds(ctx, row),
      createdAt: row.created_at,
    })),
  );
}

/** The documents a plant's assistant can retrieve, built-in ones first, with provenance. */
export async function listDocuments(ctx: AppContext, actor: Actor, plantId: string) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  const builtins = BUILTIN_DOCUMENTS.map((doc) => ({
    id: doc.id,
    title: doc.title,
    lang: doc.lang,
    body: doc.body,
    origin: 'builtin',
    authorName: null,
    scope: 'course',
    sha256: sha256(doc.body),
    isSigned: true,
    createdAt: null,
  }));
  return [...builtins, ...(await describe(ctx, await repository.documentsFor(ctx.db, plant.workspace_id, plantId)))];
}

const indexes = new Map<string, { stamp: string; index: Bm25Index }>();

/** The retrieval index of a plant, rebuilt when its documents or notes change. */
async function indexOf(ctx: AppContext, workspaceId: string, plantId: string): Promise<Bm25Index> {
  const notes = await notesForRetrieval(ctx, plantId);
  const stamp = `${await repository.documentsStamp(ctx.db, workspaceId, plantId)}|${notes.length}:${notes[0]?.created_at ?? ''}`;
  const cached = indexes.get(plantId);
  if (cached?.stamp === stamp) return cached.index;
  const chunks: Chunk[] = [];
  const add = (documentId: string, title: string, body: string, isSigned: boolean, origin: string) =>
    chunkText(body).forEach((text, index) =>
      chunks.push({ id: `${documentId}#${index}`, documentId, title, text, isSigned, origin }),
    );
  for (const doc of BUILTIN_DOCUMENTS) add(doc.id, doc.title, doc.body, true, 'builtin');
  for (const row of await repository.documentsFor(ctx.db, workspaceId, plantId))
    add(row.id, row.title, row.body, await signatureHolds(ctx, row), row.origin);
  for (const note of notes) add(note.id, note.subject, note.body, false, 'note');
  const index = new Bm25Index(chunks);
  indexes.set(plantId, { stamp, index });
  return index;
}

/** The best passages for a question (the caller has checked access to the plant). */
export async function retrieve(
  ctx: AppContext,
  plant: { id: string; workspace_id: string },
  query: string,
  options: { k?: number; signedOnly?: boolean } = {},
): Promise<Hit[]> {
  const index = await indexOf(ctx, plant.workspace_id, plant.id);
  return index.search(query, options.k ?? 4, options.signedOnly ? (chunk) => chunk.isSigned : undefined);
}

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  signedOnly: z.coerce.boolean().optional(),
});

/** Retrieval as the assistant would do it, for the trainee to see (and the recall tests to measure). */
export async function searchKnowledge(ctx: AppContext, actor: Actor, plantId: string, q: string, signedOnly = false) {
  const plant = await loadVisiblePlant(ctx, actor, plantId);
  if (!q.trim()) throw new AppError('VALIDATION_FAILED', 'q is empty');
  return (await retrieve(ctx, plant, q, { k: 5, signedOnly })).map((hit) => ({
    documentId: hit.chunk.documentId,
    title: hit.chunk.title,
    text: hit.chunk.text,
    origin: hit.chunk.origin,
    isSigned: hit.chunk.isSigned,
    score: Math.round(hit.score * 1000) / 1000,
  }));
}
