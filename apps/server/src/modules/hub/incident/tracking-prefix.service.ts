/**
 * A workspace's tracking-number prefix (`JPC-2026-000123`): read by its members, chosen by those
 * who manage it. New numbers use it from then on; numbers already given keep theirs, and
 * replies tagged with either thread as before.
 * @module
 */
import { z } from 'zod';
import { assertPermission, nowIso, recordAudit, type Actor, type AppContext } from '../../../platform/index.js';
import { DEFAULT_TRACKING_PREFIX, TRACKING_PREFIX_PATTERN, trackingPrefixOf } from './filing.js';
import * as repository from './incident.repository.js';

export const trackingPrefixSchema = z.object({
  prefix: z.string().regex(TRACKING_PREFIX_PATTERN, 'a capital letter, then 1–9 capitals or digits (e.g. JPC)'),
});

export async function getTrackingPrefix(ctx: AppContext, actor: Actor, workspaceId: string) {
  assertPermission(actor, workspaceId, 'content.read');
  return { prefix: await trackingPrefixOf(ctx.db, workspaceId), defaultPrefix: DEFAULT_TRACKING_PREFIX };
}

export async function setTrackingPrefix(ctx: AppContext, actor: Actor, workspaceId: string, prefix: string) {
  assertPermission(actor, workspaceId, 'workspace.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trackingPrefixOf(trx, workspaceId);
    await repository.saveTrackingPrefix(trx, workspaceId, prefix, nowIso());
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'workspace.tracking-prefix',
      objectType: 'workspace',
      objectId: workspaceId,
      workspaceId,
      detail: { before, after: prefix },
    });
  });
  return { prefix, defaultPrefix: DEFAULT_TRACKING_PREFIX };
}
