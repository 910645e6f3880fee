/**
 * Access to incidents, in one place for the incident, timeline and merge services: loading an
 * incident a reader may see (hidden ones answer "not found"), one they may also change, and the
 * need-to-know rule for reporter identity.
 * @module
 */
import {
  AppError,
  assertCanRead,
  assertPermission,
  hasPermission,
  type Actor,
  type Db,
} from '../../../platform/index.js';
import * as repository from './incident.repository.js';
import type { IncidentRow } from './incident.table.js';

export const incidentNotFound = () => new AppError('INCIDENT_NOT_FOUND', 'Incident not found');

/** May the actor see who reported (victim and reporter identity are need-to-know)? */
export function canSeeReporter(actor: Actor, workspaceId: string): boolean {
  return hasPermission(actor, workspaceId, 'reporter.read');
}

export async function loadReadableIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  const incident = await repository.findIncident(db, id);
  assertCanRead(actor, incident && { workspaceId: incident.workspace_id, tlp: incident.tlp }, incidentNotFound);
  return incident!;
}

export async function loadWritableIncident(db: Db, actor: Actor, id: string): Promise<IncidentRow> {
  const incident = await loadReadableIncident(db, actor, id);
  assertPermission(actor, incident.workspace_id, 'content.write');
  return incident;
}
