/**
 * The quarantine: mail that could not be filed (unparseable, empty, oversized, undecryptable),
 * kept with its raw bytes and reason; released for filing again, or deleted from the list (the
 * bytes stay: evidence is never destroyed silently). Unfiled mail names its sender and has no
 * label yet, so the quarantine is need-to-know (`reporter.read`, which also needs `content.write`
 * to release or delete): other roles are refused the list and cannot tell an entry exists.
 * @module
 */
import {
  AppError,
  assertPermission,
  hasPermission,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { processMailJob } from './inbound-mail.js';
import * as repository from './intake.repository.js';
import type { InboundMailRow } from './intake.table.js';

export async function listQuarantine(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'reporter.read');
  assertPermission(actor, workspaceId, 'content.write');
  return repository.listQuarantined(ctx.db, workspaceId);
}

async function loadQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<InboundMailRow> {
  const mail = await repository.findInboundMail(ctx.db, id);
  if (
    !mail ||
    mail.status !== 'quarantined' ||
    !hasPermission(actor, mail.workspace_id, 'reporter.read') ||
    !hasPermission(actor, mail.workspace_id, 'content.write')
  )
    throw new AppError('NOT_FOUND', 'Quarantined message not found');
  return mail;
}

/** Releases a quarantined message for processing again (e.g. after a parser fix). */
export async function releaseQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setInboundMailStatus(trx, id, { status: 'received', reason: null, updated_at: nowIso() });
    await ctx.jobs.enqueue(processMailJob, { inboundId: id }, { idempotencyKey: `${id}:release:${nowIso()}`, trx });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'inbound-mail.release',
      objectType: 'inbound_mail',
      objectId: id,
      workspaceId: mail.workspace_id,
    });
  });
}

/** Deletes a quarantined message from the list; its raw bytes stay (evidence is never destroyed silently). */
export async function deleteQuarantined(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const mail = await loadQuarantined(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setInboundMailStatus(trx, id, { status: 'deleted', updated_at: nowIso() });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'inbound-mail.delete',
      objectType: 'inbound_mail',
      objectId: id,
      workspaceId: mail.workspace_id,
    });
  });
}
