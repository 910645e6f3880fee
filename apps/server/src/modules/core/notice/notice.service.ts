/**
 * Workspace notices (お知らせ): short TLP-labelled posts — a Hub shift hand-over, an instructor's
 * change of agenda. Every read goes through the access policy; every change is audited and
 * indexed for search in the same transaction.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { CreateNoticeInput, NoticeDto } from '@renkei/contracts';
import {
  AppError,
  assertCanLabel,
  assertCanRead,
  assertPermission,
  indexSearchDocument,
  nowIso,
  readableTlps,
  recordAudit,
  removeSearchDocument,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import * as repository from './notice.repository.js';
import type { NoticeRow } from './notice.table.js';

const OBJECT_TYPE = 'notice';

function toDto(row: NoticeRow): NoticeDto {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    tlp: row.tlp,
    title: row.title,
    body: row.body,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const notFound = () => new AppError('NOTICE_NOT_FOUND', 'Notice not found');

async function loadReadable(db: Db, actor: Actor, id: string): Promise<NoticeRow> {
  const row = await repository.findNotice(db, id);
  assertCanRead(actor, row && { workspaceId: row.workspace_id, tlp: row.tlp }, notFound);
  return row!;
}

function index(db: Db, row: NoticeRow) {
  return indexSearchDocument(db, {
    objectType: OBJECT_TYPE,
    objectId: row.id,
    workspaceId: row.workspace_id,
    tlp: row.tlp,
    title: row.title,
    body: row.body,
    updatedAt: row.updated_at,
  });
}

export async function listNotices(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  page: { limit: number; offset: number },
): Promise<NoticeDto[]> {
  assertPermission(actor, workspaceId, 'content.read');
  return (await repository.listNotices(ctx.db, workspaceId, readableTlps(actor, workspaceId), page)).map(toDto);
}

export async function getNotice(ctx: AppContext, actor: Actor, id: string): Promise<NoticeDto> {
  return toDto(await loadReadable(ctx.db, actor, id));
}

export async function createNotice(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: CreateNoticeInput,
): Promise<NoticeDto> {
  assertPermission(actor, workspaceId, 'content.write');
  assertCanLabel(actor, workspaceId, input.tlp);
  const now = nowIso();
  const row: NoticeRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    tlp: input.tlp,
    title: input.title,
    body: input.body,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertNotice(trx, row);
    await index(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'notice.create',
      objectType: OBJECT_TYPE,
      objectId: row.id,
      workspaceId,
      after: row,
    });
  });
  return toDto(row);
}

export async function updateNotice(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: Partial<CreateNoticeInput>,
): Promise<NoticeDto> {
  const before = await loadReadable(ctx.db, actor, id);
  assertPermission(actor, before.workspace_id, 'content.write');
  if (input.tlp) assertCanLabel(actor, before.workspace_id, input.tlp);
  const after: NoticeRow = { ...before, ...input, updated_at: nowIso() };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateNotice(trx, id, {
      tlp: after.tlp,
      title: after.title,
      body: after.body,
      updated_at: after.updated_at,
    });
    await index(trx, after);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'notice.update',
      objectType: OBJECT_TYPE,
      objectId: id,
      workspaceId: before.workspace_id,
      before,
      after,
    });
  });
  return toDto(after);
}

export async function deleteNotice(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const before = await loadReadable(ctx.db, actor, id);
  assertPermission(actor, before.workspace_id, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteNotice(trx, id);
    await removeSearchDocument(trx, OBJECT_TYPE, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'notice.delete',
      objectType: OBJECT_TYPE,
      objectId: id,
      workspaceId: before.workspace_id,
      before,
    });
  });
}
