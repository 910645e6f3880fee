/**
 * Merge and split. Merging moves every report, observable link and timeline entry of one
 * incident into another and leaves the first as a `duplicate` pointing to it (later reports that
 * match it follow the pointer). Splitting moves chosen reports into a new incident, linked to
 * the old one. Both record an event on each side and an audit record, and index the moved
 * reports under their new tracking number, in one transaction.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { maxTlp, RESPONSE_SLA_MINUTES, type Priority, type Tlp } from '@renkei/contracts';
import { AppError, nowIso, recordAudit, type Actor, type AppContext } from '../../../platform/index.js';
import { incidentNotFound, loadWritableIncident } from './incident-access.js';
import { reindexAfterMove } from './incident-search.js';
import * as repository from './incident.repository.js';
import { formatTrackingNumber, trackingPrefixOf } from './filing.js';
import { getIncident } from './incident.service.js';
import type { IncidentRow } from './incident.table.js';
import { recordEvent } from './timeline.service.js';

/** Merges `sourceId` into `targetId`; returns the target as it is now. */
export async function mergeIncidents(ctx: AppContext, actor: Actor, sourceId: string, targetId: string) {
  if (sourceId === targetId)
    throw new AppError('VALIDATION_FAILED', 'An incident cannot be merged into itself', [
      { path: 'body.targetId', message: 'same incident' },
    ]);
  const source = await loadWritableIncident(ctx.db, actor, sourceId);
  // Handlers think in tracking numbers: accept one in place of the id.
  if (/^[A-Z]+-\d{4}-\d{6}$/.test(targetId))
    targetId = (await repository.findIncidentByTrackingNumber(ctx.db, source.workspace_id, targetId))?.id ?? targetId;
  if (sourceId === targetId)
    throw new AppError('VALIDATION_FAILED', 'An incident cannot be merged into itself', [
      { path: 'body.targetId', message: 'same incident' },
    ]);
  const target = await loadWritableIncident(ctx.db, actor, targetId);
  if (source.workspace_id !== target.workspace_id) throw incidentNotFound();
  if (source.merged_into_id) throw new AppError('CONFLICT', `${source.tracking_number} was already merged`);
  if (target.merged_into_id)
    throw new AppError('CONFLICT', `${target.tracking_number} was merged into another incident; merge into that one`);
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await repository.moveIncidentContents(trx, sourceId, targetId);
    const tlp = maxTlp(target.tlp, source.tlp);
    await repository.updateIncident(trx, targetId, {
      report_count: await repository.countReports(trx, targetId),
      tlp,
      updated_at: now,
    });
    await repository.updateIncident(trx, sourceId, {
      status: 'duplicate',
      merged_into_id: targetId,
      report_count: 0,
      updated_at: now,
    });
    await repository.linkIncidents(trx, sourceId, new Map([[targetId, 'merged']]));
    await reindexAfterMove(trx, target, moved, [{ ...target, tlp }], now);
    await recordEvent(trx, { ...target, tlp }, actor.userId, `merged ${source.tracking_number} into this incident`);
    await recordEvent(trx, source, actor.userId, `merged into ${target.tracking_number}`);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.merge',
      objectType: 'incident',
      objectId: sourceId,
      workspaceId: source.workspace_id,
      detail: { into: targetId },
    });
  });
  return getIncident(ctx, actor, targetId);
}

/** Moves `reportIds` out of an incident into a new one; returns the new incident. */
export async function splitIncident(
  ctx: AppContext,
  actor: Actor,
  sourceId: string,
  input: { reportIds: string[]; title?: string | undefined },
) {
  const source = await loadWritableIncident(ctx.db, actor, sourceId);
  const reportIds = [...new Set(input.reportIds)];
  const reports = await repository.findReportsOfIncident(ctx.db, sourceId, reportIds);
  if (reports.length !== reportIds.length)
    throw new AppError('VALIDATION_FAILED', 'Every report to split off must belong to this incident', [
      { path: 'body.reportIds', message: 'not in this incident' },
    ]);
  if (reports.length >= (await repository.countReports(ctx.db, sourceId)))
    throw new AppError('VALIDATION_FAILED', 'At least one report must stay in the incident', [
      { path: 'body.reportIds', message: 'would empty the incident' },
    ]);
  const now = nowIso();
  const created = await ctx.db.transaction().execute(async (trx) => {
    const year = new Date().getUTCFullYear();
    const prefix = await trackingPrefixOf(trx, source.workspace_id);
    const tlp = reports.reduce<Tlp>((highest, report) => maxTlp(highest, report.tlp), 'CLEAR');
    const incident: IncidentRow = {
      ...source,
      id: randomUUID(),
      tracking_number: formatTrackingNumber(
        prefix,
        year,
        await repository.nextTrackingValue(trx, source.workspace_id, prefix, year),
      ),
      title: (input.title ?? reports[0]!.subject).slice(0, 500),
      status: 'triage',
      tlp,
      report_count: reports.length,
      merged_into_id: null,
      response_due_at: nowIso(new Date(Date.now() + RESPONSE_SLA_MINUTES[source.priority as Priority] * 60_000)),
      created_at: now,
      updated_at: now,
    };
    await repository.insertIncidents(trx, [incident]);
    await repository.moveReports(trx, sourceId, incident.id, reportIds);
    await repository.updateIncident(trx, sourceId, {
      report_count: await repository.countReports(trx, sourceId),
      updated_at: now,
    });
    await repository.linkIncidents(trx, sourceId, new Map([[incident.id, 'split']]));
    await recordEvent(trx, incident, actor.userId, `split from ${source.tracking_number} (${reports.length} reports)`);
    await recordEvent(
      trx,
      source,
      actor.userId,
      `${reports.length} reports split off into ${incident.tracking_number}`,
    );
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.split',
      objectType: 'incident',
      objectId: sourceId,
      workspaceId: source.workspace_id,
      detail: { into: incident.id, reportIds },
    });
    await reindexAfterMove(trx, incident, reportIds, [incident, source], now);
    return incident;
  });
  return getIncident(ctx, actor, created.id);
}
