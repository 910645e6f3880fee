/**
 * Handler curation of observables (issue 17): an incident's observables with where its reports
 * carried them and whether they link incidents (and why not); marking one as not an indicator
 * (`ignored`) or as reviewed and kept (`kept`) for the workspace; adding or removing one on an
 * incident by hand. Every change is audited. An observable is as secret as the incidents that
 * hold it: one is reachable only through an incident the caller may read.
 * @module
 */
import {
  type AddIncidentObservableInput,
  type ObservableCorrelation,
  type ObservableDto,
  type ReviewObservable,
} from '@renkei/contracts';
import { extractObservables, isEvidence, type ObservableSource, type ObservableType } from '@renkei/observables';
import {
  AppError,
  assertPermission,
  nowIso,
  readableTlps,
  recordAudit,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import { loadCorrelationRules } from '../correlation/index.js';
import { loadReadableIncident } from './incident-access.js';
import * as repository from './incident.repository.js';
import { correlationDomainOf } from './report-observables.js';

const notFound = () => new AppError('OBSERVABLE_NOT_FOUND', 'Observable not found');

/** The observables of an incident as the incident page shows them. */
export async function incidentObservables(
  ctx: AppContext,
  workspaceId: string,
  incidentId: string,
): Promise<ObservableDto[]> {
  const rows = await repository.listObservableLinksOfIncident(ctx.db, incidentId);
  const rules = await loadCorrelationRules(ctx.db, workspaceId);
  const byId = new Map<string, ObservableDto & { sources: string[]; seen: string[] }>();
  for (const row of rows) {
    let dto = byId.get(row.id);
    if (!dto) {
      dto = {
        id: row.id,
        type: row.type,
        value: row.value,
        registeredDomain: row.registered_domain,
        sources: [],
        seen: [],
        correlation: row.correlation as ObservableCorrelation,
      };
      byId.set(row.id, dto);
    }
    for (const source of (row.sources ?? '').split(',').filter(Boolean))
      if (!dto.sources.includes(source)) dto.sources.push(source);
    if (row.seen && !dto.seen.includes(row.seen)) dto.seen.push(row.seen);
  }
  return [...byId.values()].map((dto) => {
    const sources = dto.sources as ObservableSource[];
    // Found only where nothing is evidence (or the reporter's own): the rule filing applies.
    const onlyStructure = sources.length > 0 && !isEvidence(sources);
    const excludedBy =
      dto.correlation === 'ignored' || dto.correlation === 'over_limit'
        ? dto.correlation
        : dto.correlation === 'kept'
          ? null
          : (rules.matcher.match(dto.type as ObservableType, dto.value) ?? (onlyStructure ? 'not-evidence' : null));
    return { ...dto, excludedBy };
  });
}

/** Loads an observable the caller may act on: in a workspace they write in, held by an incident they may read. */
async function loadCuratable(ctx: AppContext, actor: Actor, id: string) {
  const observable = await repository.findObservable(ctx.db, id);
  if (!observable || !actor.memberships.has(observable.workspace_id)) throw notFound();
  const readable = readableTlps(actor, observable.workspace_id);
  if ((await repository.countReadableIncidentsOfObservable(ctx.db, id, readable)) === 0) throw notFound();
  assertPermission(actor, observable.workspace_id, 'content.write');
  return observable;
}

/** A handler's decision for the workspace: `ignored` (not an indicator), `kept` (reviewed, links), `auto`. */
export async function setObservableCorrelation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  correlation: 'auto' | 'ignored' | 'kept',
): Promise<void> {
  const observable = await loadCuratable(ctx, actor, id);
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await repository.setObservableCorrelation(trx, id, correlation, actor.userId, now);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'observable.correlation',
      objectType: 'observable',
      objectId: id,
      workspaceId: observable.workspace_id,
      before: { correlation: observable.correlation },
      after: { correlation },
      detail: { from: observable.correlation, to: correlation },
    });
  });
}

/** The normalised value of an observable a handler typed (defanged forms too), or an error saying it is not one. */
function normalise(type: ObservableType, value: string): string {
  const found = extractObservables(value.trim()).find((o) => o.type === type);
  if (!found) throw new AppError('OBSERVABLE_INVALID', `"${value.trim()}" is not a ${type}`);
  return found.value;
}

/** Adds an observable to an incident by hand (source `handler`). */
export async function addIncidentObservable(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  input: AddIncidentObservableInput,
): Promise<ObservableDto[]> {
  const incident = await loadReadableIncident(ctx.db, actor, incidentId);
  assertPermission(actor, incident.workspace_id, 'content.write');
  const value = normalise(input.type, input.value);
  const domain = correlationDomainOf({ type: input.type, value });
  await ctx.db.transaction().execute(async (trx) => {
    const ids = await repository.upsertObservables(trx, incident.workspace_id, [
      { type: input.type, value, registeredDomain: domain },
    ]);
    const observableId = ids.get(`${input.type}:${value}`)!;
    await repository.linkObservablesOfReports(trx, [
      {
        incidentId,
        reportId: '',
        observableId,
        sources: 'handler',
        seen: value === input.value.trim() ? null : input.value.trim(),
      },
    ]);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.observable-add',
      objectType: 'incident',
      objectId: incidentId,
      workspaceId: incident.workspace_id,
      detail: { observableId, type: input.type },
    });
  });
  return incidentObservables(ctx, incident.workspace_id, incidentId);
}

/** Removes an observable from an incident (every report's link to it); the reports keep their text. */
export async function removeIncidentObservable(
  ctx: AppContext,
  actor: Actor,
  incidentId: string,
  observableId: string,
): Promise<void> {
  const incident = await loadReadableIncident(ctx.db, actor, incidentId);
  assertPermission(actor, incident.workspace_id, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await repository.unlinkObservable(trx, incidentId, observableId);
    if (removed.length === 0) throw notFound();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'incident.observable-remove',
      objectType: 'incident',
      objectId: incidentId,
      workspaceId: incident.workspace_id,
      before: removed,
      detail: { observableId },
    });
  });
}

/** Observables waiting for review (over the limit), ignored or kept, among those the caller may read. */
export async function listReviewObservables(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  correlation: ObservableCorrelation,
): Promise<ReviewObservable[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listObservablesByCorrelation(
    ctx.db,
    workspaceId,
    correlation,
    readableTlps(actor, workspaceId),
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    value: row.value,
    correlation: row.correlation as ObservableCorrelation,
    incidentCount: Number(row.incident_count),
    lastSeenAt: row.last_seen_at,
    changedAt: row.correlation_changed_at,
  }));
}
