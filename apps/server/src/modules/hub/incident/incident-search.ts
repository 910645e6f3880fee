/**
 * The search documents of incidents and their reports. A report is found by its incident's
 * tracking number with its subject, and by its words (the text itself stays on the report:
 * decision 0010); an incident by its tracking number with its title, and by the observables of
 * its reports (refanged values, so that a search for evil.example finds an incident whose
 * reports wrote evil[.]example). Filing writes them; merging and splitting, which move reports
 * between incidents, write them again here.
 * @module
 */
import type { Tlp } from '@renkei/contracts';
import { indexSearchDocuments, type Db, type SearchDocument } from '../../../platform/index.js';
import * as repository from './incident.repository.js';
import type { IncidentRow, ReportRow } from './incident.table.js';

type IndexedDocument = SearchDocument & { tlp: Tlp };

/** A report's document under its incident's tracking number; `words`: its body's, if computed already. */
export function reportDocument(
  report: Pick<ReportRow, 'id' | 'workspace_id' | 'tlp' | 'subject' | 'body'>,
  trackingNumber: string,
  updatedAt: string,
  words: { bodyWords?: string | undefined; bodyWordKeys?: Int32Array | undefined } = {},
): IndexedDocument {
  return {
    objectType: 'report',
    objectId: report.id,
    workspaceId: report.workspace_id,
    tlp: report.tlp,
    title: `${trackingNumber} ${report.subject}`,
    body: report.body,
    ...(words.bodyWords !== undefined ? { bodyWords: words.bodyWords } : {}),
    ...(words.bodyWordKeys !== undefined ? { bodyWordKeys: words.bodyWordKeys } : {}),
    bodyKeptByObject: true,
    updatedAt,
  };
}

/** An incident's document; `observableValues`: the values of its reports' observables. */
export function incidentDocument(
  incident: Pick<IncidentRow, 'id' | 'workspace_id' | 'tracking_number' | 'title'>,
  tlp: Tlp,
  observableValues: readonly string[],
  updatedAt: string,
): IndexedDocument {
  return {
    objectType: 'incident',
    objectId: incident.id,
    workspaceId: incident.workspace_id,
    tlp,
    title: `${incident.tracking_number} ${incident.title}`,
    body: [...new Set(observableValues)].join(' '),
    updatedAt,
  };
}

/**
 * Writes again, after reports moved between incidents (merge, split), the documents of the
 * moved reports — now under `incident`'s tracking number — and of each incident whose
 * observables changed, from the observables they have now.
 */
export async function reindexAfterMove(
  db: Db,
  incident: Pick<IncidentRow, 'tracking_number'>,
  reportIds: readonly string[],
  changed: readonly Pick<IncidentRow, 'id' | 'workspace_id' | 'tracking_number' | 'title' | 'tlp'>[],
  now: string,
): Promise<void> {
  const reports = await repository.findReports(db, reportIds);
  const documents = reports.map((report) => reportDocument(report, incident.tracking_number, now));
  for (const row of changed) {
    const observables = await repository.listObservablesOfIncident(db, row.id);
    documents.push(
      incidentDocument(
        row,
        row.tlp,
        observables.map((o) => o.value),
        now,
      ),
    );
  }
  await indexSearchDocuments(db, documents);
}
