/**
 * Reflections (issue 16): each trainee writes what they learnt and what they will apply in their
 * organisation; staff read them all, tag them and mark key opinions; the summary (tag counts,
 * key opinions) feeds the report's insights. A trainee reads only their own.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  reflectionInputSchema,
  reflectionTagsInputSchema,
  type Reflection,
  type ReflectionSummary,
} from '@renkei/contracts';
import type { z } from 'zod';
import {
  AppError,
  assertPermission,
  authRepository,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { isCourseStaff, participantRows } from '../course/index.js';
import * as repository from './reflection.repository.js';
import type { ReflectionRow } from './reflection.table.js';

const notFound = () => new AppError('NOT_FOUND', 'Reflection not found');

async function toReflections(db: Db, workspaceId: string, rows: readonly ReflectionRow[]): Promise<Reflection[]> {
  const names = await authRepository.displayNamesOf(
    db,
    rows.map((row) => row.user_id),
  );
  const organisations = new Map(
    (await participantRows(db, workspaceId)).flatMap((p) => (p.user_id ? [[p.user_id, p.organisation] as const] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    author: names.get(row.user_id) ?? null,
    organisation: organisations.get(row.user_id) ?? null,
    learnt: row.learnt,
    apply: row.apply,
    tags: JSON.parse(row.tags) as string[],
    keyOpinion: row.key_opinion === 1,
    updatedAt: row.updated_at,
  }));
}

export async function ownReflection(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Reflection | null> {
  assertPermission(actor, workspaceId, 'content.read');
  const row = await repository.findOwn(ctx.db, workspaceId, actor.userId);
  return row ? ((await toReflections(ctx.db, workspaceId, [row]))[0] ?? null) : null;
}

export async function saveOwnReflection(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: z.input<typeof reflectionInputSchema>,
): Promise<Reflection> {
  assertPermission(actor, workspaceId, 'content.write');
  const parsed = reflectionInputSchema.parse(input);
  const existing = await repository.findOwn(ctx.db, workspaceId, actor.userId);
  const row: ReflectionRow = {
    id: existing?.id ?? randomUUID(),
    workspace_id: workspaceId,
    user_id: actor.userId,
    learnt: parsed.learnt,
    apply: parsed.apply,
    tags: existing?.tags ?? '[]',
    key_opinion: existing?.key_opinion ?? 0,
    updated_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.saveOwn(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'reflection.save',
      objectType: 'reflection',
      objectId: row.id,
      workspaceId,
    });
  });
  return (await ownReflection(ctx, actor, workspaceId))!;
}

function assertStaff(actor: Actor, workspaceId: string): void {
  if (!isCourseStaff(actor, workspaceId)) throw new AppError('FORBIDDEN', 'Only the course staff read all reflections');
}

export async function listReflections(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Reflection[]> {
  assertPermission(actor, workspaceId, 'content.read');
  assertStaff(actor, workspaceId);
  return toReflections(ctx.db, workspaceId, await repository.reflectionsOf(ctx.db, workspaceId));
}

export async function tagReflection(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.input<typeof reflectionTagsInputSchema>,
): Promise<Reflection> {
  const row = await repository.findReflection(ctx.db, id);
  if (!row || !isCourseStaff(actor, row.workspace_id)) throw notFound();
  const parsed = reflectionTagsInputSchema.parse(input);
  const tags = JSON.stringify([...new Set(parsed.tags)]);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setTags(trx, id, tags, parsed.keyOpinion ? 1 : 0);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'reflection.tag',
      objectType: 'reflection',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { tags: parsed.tags, keyOpinion: parsed.keyOpinion },
    });
  });
  return (
    await toReflections(ctx.db, row.workspace_id, [{ ...row, tags, key_opinion: parsed.keyOpinion ? 1 : 0 }])
  )[0]!;
}

/** Tag counts (most used first) and key opinions: what the report's insights start from. */
export async function summaryOf(db: Db, workspaceId: string): Promise<ReflectionSummary> {
  const reflections = await toReflections(db, workspaceId, await repository.reflectionsOf(db, workspaceId));
  const counts = new Map<string, number>();
  for (const reflection of reflections) for (const tag of reflection.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return {
    reflections: reflections.length,
    tags: [...counts]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'ja')),
    keyOpinions: reflections.filter((reflection) => reflection.keyOpinion),
  };
}

export async function reflectionSummary(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
): Promise<ReflectionSummary> {
  assertPermission(actor, workspaceId, 'content.read');
  assertStaff(actor, workspaceId);
  return summaryOf(ctx.db, workspaceId);
}
