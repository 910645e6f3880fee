/**
 * Access to incidents, in one place for the incident, timeline and merge services: loading an
 * incident a reader may see (hidden ones answer "not found"), one they may also change, and the
 * need-to-know rule for reporter identity.
 * @module
 */
import {
  AppError,
  assertPermission,
  canRead,
  hasPermission,
  recordAudit,
  type Actor,
  type Db,
} from '../../../platform/index.js';
import type { Tlp } from '@renkei/contracts';
import * as repository from './incident.repository.js';
import type { IncidentRow } from './incident.table.js';

export const incidentNotFound = () => new AppError('INCIDENT_NOT_FOUND', 'Incident not found');

/** May the actor see who reported (victim and reporter identity are need-to-know)? */
export function canSeeReporter(actor: Actor, workspaceId: string): boolean {
  return hasPermission(actor, workspaceId, 'reporter.read');
}

/**
 * Reads of victim data (reports, original messages, attachments) and refusals of objects that
 * exist go into the audit trail, under the object's workspace: a CSIRT must answer "who looked
 * at this victim's report", and see who probed for what they could not read. The refusal is
 * answered exactly as a missing object; only the trail knows the difference.
 */
export async function recordAccess(
  db: Db,
  actor: Actor,
  objects: readonly { type: string; id: string; workspaceId: string }[],
  verb: 'read' | 'read-original' | 'download' | 'read-denied',
): Promise<void> {
  if (objects.length === 0) return;
  await recordAudit(
    db,
    ...objects.map((object) => ({
      actorId: actor.userId,
      action: `${object.type}.${verb}`,
      objectType: object.type,
      objectId: object.id,
      workspaceId: object.workspaceId,
    })),
  );
}

/** An object the actor may read, or "not found" — a refusal of one that exists is audited. */
export async function loadReadable<T>(
  db: Db,
  actor: Actor,
  object: T | undefined,
  describe: (object: T) => { type: string; id: string; workspaceId: string; tlp: Tlp },
  notFound: () => AppError,
): Promise<T> {
  if (!object) throw notFound();
  const described = describe(object);
  if (!canRead(actor, { workspaceId: described.workspaceId, tlp: described.tlp })) {
    await recordAccess(db, actor, [described], 'read-denied');
    throw notFound();
  }
  return object;
}

export async function loadReadableIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  return loadReadable(
    db,
    actor,
    await repository.findIncident(db, id),
    (incident) => ({ type: 'incident', id: incident.id, workspaceId: incident.workspace_id, tlp: incident.tlp }),
    incidentNotFound,
  );
}

export async function loadWritableIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  const incident = await loadReadableIncident(db, actor, id);
  assertPermission(actor, incident.workspace_id, 'content.write');
  return incident;
}
