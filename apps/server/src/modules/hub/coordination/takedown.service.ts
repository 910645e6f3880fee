/**
 * Takedown tracking: a malicious URL of an incident is watched by a job (HTTP status, final URL,
 * content hash) until it goes down; the day it went down gives days-to-takedown, per incident
 * and per category — the figure a national CSIRT publishes.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { TakedownStatistics, TakedownTarget } from '@renkei/contracts';
import { z } from 'zod';
import {
  AppError,
  assertPermission,
  defineJob,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
  type JobSpec,
} from '../../../platform/index.js';
import { loadReadableIncident, loadWritableIncident, type IncidentRow } from '../incident/index.js';
import { coordinationConfig } from './coordination.config.js';
import * as repository from './coordination.repository.js';
import type { TakedownTargetRow } from './coordination.table.js';
import { checkLiveness, isUp, parseAllowList, type LivenessResult } from './liveness.js';

const checkPayload = z.object({ targetId: z.string() });
export const livenessJob: JobSpec<z.infer<typeof checkPayload>> = {
  name: 'coordination.liveness',
  payload: checkPayload,
  maxAttempts: 3,
  backoffMs: 60_000,
};

const DAY_MS = 86_400_000;
const targetNotFound = () => new AppError('COORDINATION_TARGET_NOT_FOUND', 'Takedown target not found');

function daysBetween(from: string, to: string): number {
  return Math.round(((new Date(to).getTime() - new Date(from).getTime()) / DAY_MS) * 10) / 10;
}

function toTarget(row: TakedownTargetRow): TakedownTarget {
  return {
    id: row.id,
    incidentId: row.incident_id,
    url: row.url,
    state: row.state,
    reportedAt: row.reported_at,
    downAt: row.down_at,
    daysToTakedown: row.down_at ? daysBetween(row.reported_at, row.down_at) : null,
    checks: row.checks,
    lastCheckedAt: row.last_checked_at,
    lastStatus: row.last_status,
    lastFinalUrl: row.last_final_url,
    lastContentHash: row.last_content_hash,
    contentChanged: Boolean(
      row.first_content_hash && row.last_content_hash && row.first_content_hash !== row.last_content_hash,
    ),
    lastError: row.last_error,
    monitoring: row.monitoring === 1,
  };
}

export async function takedownTargets(ctx: AppContext, incident: IncidentRow): Promise<TakedownTarget[]> {
  return (await repository.targetsOfIncident(ctx.db, incident.id)).map(toTarget);
}

/** Starts watching a URL of the incident (the first check runs at once, on the job queue). */
export async function addTakedownTarget(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  url: string,
): Promise<TakedownTarget> {
  const incident = await loadWritableIncident(ctx.db, actor, incidentId);
  const now = nowIso();
  const row: TakedownTargetRow = {
    id: randomUUID(),
    workspace_id: incident.workspace_id,
    incident_id: incident.id,
    url,
    state: 'unknown',
    reported_at: incident.created_at,
    down_at: null,
    checks: 0,
    last_checked_at: null,
    last_status: null,
    last_final_url: null,
    last_content_hash: null,
    first_content_hash: null,
    last_error: null,
    monitoring: 1,
    created_by: actor.userId,
    created_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repository.insertTarget(trx, row))) return;
    await ctx.jobs.enqueue(livenessJob, { targetId: row.id }, { idempotencyKey: `${row.id}:check:0`, trx });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'takedown-target.create',
      objectType: 'takedown_target',
      objectId: row.id,
      workspaceId: row.workspace_id,
      detail: { incidentId, url },
    });
  });
  return toTarget((await repository.findTargetByUrl(ctx.db, incident.id, url))!);
}

/** A handler asks for a check now (it runs on the job queue). */
export async function requestCheck(ctx: AppContext, actor: Actor, targetId: string): Promise<void> {
  const target = await repository.findTarget(ctx.db, targetId);
  if (!target) throw targetNotFound();
  await loadWritableIncident(ctx.db, actor, target.incident_id).catch(() => {
    throw targetNotFound();
  });
  await ctx.jobs.enqueue(livenessJob, { targetId }, { idempotencyKey: `${targetId}:manual:${randomUUID()}` });
}

/**
 * Checks a target once and records it (`now` injectable for tests). Up → stays watched (next
 * check after the interval); down → the first time it is seen down after being up or unknown is
 * the takedown time; back up → the takedown is undone. A check the allow list refuses changes
 * nothing but the error shown.
 */
export async function checkTarget(ctx: AppContext, targetId: string, now = new Date()): Promise<LivenessResult> {
  const target = await repository.findTarget(ctx.db, targetId);
  if (!target) return { status: null, finalUrl: null, contentHash: null, error: 'gone', refused: true };
  const config = coordinationConfig.of(ctx.config);
  const allow = parseAllowList(config.monitorAllow);
  const result = allow.isEmpty
    ? {
        status: null,
        finalUrl: null,
        contentHash: null,
        error: 'the monitor may reach no address (RENKEI_TAKEDOWN_MONITOR_ALLOW is empty)',
        refused: true,
      }
    : await checkLiveness(target.url, allow, config.monitorTimeoutMs);
  const checkedAt = nowIso(now);
  if (result.refused) {
    await repository.updateTarget(ctx.db, target.id, { last_error: result.error, last_checked_at: checkedAt });
    return result;
  }
  const up = isUp(result);
  const expired = now.getTime() - new Date(target.created_at).getTime() > config.monitorDays * DAY_MS;
  await repository.updateTarget(ctx.db, target.id, {
    state: up ? 'up' : 'down',
    down_at: up ? null : (target.down_at ?? checkedAt),
    checks: target.checks + 1,
    last_checked_at: checkedAt,
    last_status: result.status,
    last_final_url: result.finalUrl,
    last_content_hash: result.contentHash,
    first_content_hash: target.first_content_hash ?? (up ? result.contentHash : null),
    last_error: result.error,
    monitoring: expired ? 0 : 1,
  });
  // Still up, or down but perhaps only for a moment: look again after the interval while watching.
  if (!expired && (up || target.state !== 'down'))
    await ctx.jobs.enqueue(
      livenessJob,
      { targetId: target.id },
      {
        idempotencyKey: `${target.id}:check:${target.checks + 1}`,
        runAt: new Date(now.getTime() + config.monitorIntervalMinutes * 60_000),
      },
    );
  return result;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Days to takedown per incident category, over incidents the reader may see. */
export async function takedownStatistics(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
): Promise<TakedownStatistics> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.targetsWithCategory(ctx.db, workspaceId, readableTlps(actor, workspaceId));
  const byCategory = new Map<string, { targets: number; days: number[] }>();
  for (const row of rows) {
    const entry = byCategory.get(row.category) ?? { targets: 0, days: [] };
    entry.targets += 1;
    if (row.state === 'down' && row.down_at) entry.days.push(daysBetween(row.reported_at, row.down_at));
    byCategory.set(row.category, entry);
  }
  return {
    categories: [...byCategory]
      .map(([category, { targets, days }]) => ({
        category,
        targets,
        down: days.length,
        medianDays: median(days),
        meanDays: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
      }))
      .sort((a, b) => a.category.localeCompare(b.category)),
  };
}

/** A target of an incident the reader may see. */
export async function readTarget(ctx: AppContext, actor: Actor, targetId: string): Promise<TakedownTarget> {
  const target = await repository.findTarget(ctx.db, targetId);
  if (!target) throw targetNotFound();
  await loadReadableIncident(ctx.db, actor, target.incident_id).catch(() => {
    throw targetNotFound();
  });
  return toTarget(target);
}

export function takedownJobs(ctx: AppContext) {
  return [
    defineJob({
      ...livenessJob,
      handler: async ({ targetId }) => {
        const result = await checkTarget(ctx, targetId);
        return { status: result.status, error: result.error };
      },
    }),
  ];
}
