/**
 * Teaching material (issue 16): lecture modules written once in Markdown (Japanese and English,
 * images, speaker notes, citations), read in the web app slide by slide, and exported as PPTX
 * slides, PDF handouts and DOCX. Everyone in the course reads them; instructors write them.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { materialInputSchema, type Material, type MaterialInput, type RenderedDeck } from '@renkei/contracts';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import {
  AppError,
  assertPermission,
  getBlobs,
  isUniqueViolation,
  nowIso,
  putBlobs,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { assertCourseWorkspace } from '../course/index.js';
import { parseDeck } from './deck.js';
import { deckDocx, deckPdf, deckPptx, imageSize, type DeckImage, type Handout } from './handouts.js';
import * as repository from './material.repository.js';
import type { MaterialRow } from './material.table.js';

const notFound = () => new AppError('NOT_FOUND', 'Material not found');
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);

async function toMaterial(ctx: AppContext, row: MaterialRow): Promise<Material> {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    titleEn: row.title_en,
    markdownJa: row.markdown_ja,
    markdownEn: row.markdown_en,
    images: (await repository.imagesOf(ctx.db, row.id)).map((image) => image.name),
    updatedAt: row.updated_at,
  };
}

async function loadMaterial(ctx: AppContext, actor: Actor, id: string): Promise<MaterialRow> {
  const row = await repository.findMaterial(ctx.db, id);
  if (!row || !actor.memberships.has(row.workspace_id)) throw notFound();
  return row;
}

export async function listMaterials(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Material[]> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  return Promise.all((await repository.materialsOf(ctx.db, workspaceId)).map((row) => toMaterial(ctx, row)));
}

export async function getMaterial(ctx: AppContext, actor: Actor, id: string): Promise<Material> {
  return toMaterial(ctx, await loadMaterial(ctx, actor, id));
}

function codeTaken(error: unknown): never {
  if (isUniqueViolation(error))
    throw new AppError('VALIDATION_FAILED', 'Another module has this code', [{ path: 'body.code', message: 'in use' }]);
  throw error;
}

export async function createMaterial(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: MaterialInput,
): Promise<Material> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  const parsed = materialInputSchema.parse(input);
  const row: MaterialRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    code: parsed.code,
    title: parsed.title,
    title_en: parsed.titleEn ?? null,
    markdown_ja: parsed.markdownJa,
    markdown_en: parsed.markdownEn,
    created_by: actor.userId,
    updated_at: nowIso(),
  };
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await repository.insertMaterial(trx, row);
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'material.create',
        objectType: 'material',
        objectId: row.id,
        workspaceId,
        detail: { code: row.code, title: row.title },
      });
    })
    .catch(codeTaken);
  return toMaterial(ctx, row);
}

export async function updateMaterial(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: MaterialInput,
): Promise<Material> {
  const row = await loadMaterial(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'workspace.manage');
  const parsed = materialInputSchema.parse(input);
  const changes = {
    code: parsed.code,
    title: parsed.title,
    title_en: parsed.titleEn ?? null,
    markdown_ja: parsed.markdownJa,
    markdown_en: parsed.markdownEn,
    updated_at: nowIso(),
  };
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      await repository.updateMaterial(trx, id, changes);
      await recordAudit(trx, {
        actorId: actor.userId,
        action: 'material.update',
        objectType: 'material',
        objectId: id,
        workspaceId: row.workspace_id,
        detail: { code: changes.code },
      });
    })
    .catch(codeTaken);
  return toMaterial(ctx, { ...row, ...changes });
}

/** Stores an image the Markdown refers to by `name` (PNG or JPEG). */
export async function putImage(
  ctx: AppContext,
  actor: Actor,
  id: string,
  name: string,
  contentType: string,
  content: Buffer,
): Promise<void> {
  const row = await loadMaterial(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'workspace.manage');
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const isPng = content.subarray(1, 4).toString('latin1') === 'PNG';
  const isJpeg = content[0] === 0xff && content[1] === 0xd8;
  if (!IMAGE_TYPES.has(type) || !(type === 'image/png' ? isPng : isJpeg))
    throw new AppError('VALIDATION_FAILED', 'An image must be PNG or JPEG, and be what its type says', [
      { path: 'body', message: `not ${type}` },
    ]);
  await ctx.db.transaction().execute(async (trx) => {
    const [sha256] = await putBlobs(trx, [content]);
    await repository.saveImage(trx, { material_id: id, name, sha256: sha256!, content_type: type });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'material.image',
      objectType: 'material',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { name, bytes: content.length },
    });
  });
}

async function imagesOf(ctx: AppContext, id: string): Promise<Map<string, DeckImage>> {
  const rows = await repository.imagesOf(ctx.db, id);
  const blobs = await getBlobs(
    ctx.db,
    rows.map((row) => row.sha256),
  );
  const images = new Map<string, DeckImage>();
  for (const row of rows) {
    const content = blobs.get(row.sha256);
    if (content) images.set(row.name, { content, contentType: row.content_type, ...imageSize(content) });
  }
  return images;
}

export async function getImage(
  ctx: AppContext,
  actor: Actor,
  id: string,
  name: string,
): Promise<{ content: Buffer; contentType: string }> {
  await loadMaterial(ctx, actor, id);
  const image = (await imagesOf(ctx, id)).get(name);
  if (!image) throw notFound();
  return { content: image.content, contentType: image.contentType };
}

function handoutOf(row: MaterialRow, language: 'ja' | 'en', images: ReadonlyMap<string, DeckImage>): Handout {
  // An English deck not written yet falls back to the Japanese one (the source of the course).
  const markdown = language === 'en' && row.markdown_en.trim() ? row.markdown_en : row.markdown_ja;
  return {
    title: `${row.code} ${language === 'en' ? (row.title_en ?? row.title) : row.title}`,
    slides: parseDeck(markdown),
    images,
    language,
  };
}

/** The deck slide by slide as sanitised HTML, with notes and citations. */
export async function renderDeck(
  ctx: AppContext,
  actor: Actor,
  id: string,
  language: 'ja' | 'en',
): Promise<RenderedDeck> {
  const row = await loadMaterial(ctx, actor, id);
  const handout = handoutOf(row, language, new Map());
  return {
    language,
    slides: handout.slides.map((slide) => ({
      title: slide.title,
      html: sanitizeHtml(marked.parse(slide.markdown, { async: false, gfm: true }), {
        allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
        allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
        allowedSchemes: ['https', 'http'],
        // Images are the material's own, served by the API; nothing is loaded from elsewhere.
        transformTags: {
          img: (tagName, attribs) => ({
            tagName,
            attribs: {
              src: /^[\w.-]+$/.test(attribs['src'] ?? '') ? `/api/materials/${id}/images/${attribs['src']}` : '',
              alt: attribs['alt'] ?? '',
            },
          }),
        },
      }),
      notes: slide.notes,
      citations: slide.citations,
    })),
  };
}

export async function exportMaterial(
  ctx: AppContext,
  actor: Actor,
  id: string,
  format: 'pptx' | 'pdf' | 'docx',
  language: 'ja' | 'en',
): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await loadMaterial(ctx, actor, id);
  const handout = handoutOf(row, language, await imagesOf(ctx, id));
  const bytes =
    format === 'pptx' ? await deckPptx(handout) : format === 'pdf' ? await deckPdf(handout) : await deckDocx(handout);
  return { bytes, fileName: `${row.code}-${language}.${format}` };
}

/** Every module of a course exported (the deliverables archive carries them). */
export async function courseMaterials(
  ctx: AppContext,
  workspaceId: string,
): Promise<{ fileName: string; bytes: Buffer }[]> {
  const files: { fileName: string; bytes: Buffer }[] = [];
  for (const row of await repository.materialsOf(ctx.db, workspaceId)) {
    const handout = handoutOf(row, 'ja', await imagesOf(ctx, row.id));
    files.push({ fileName: `${row.code}.pptx`, bytes: await deckPptx(handout) });
    files.push({ fileName: `${row.code}.pdf`, bytes: await deckPdf(handout) });
  }
  return files;
}
