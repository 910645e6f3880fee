/**
 * @module hub/incident — incidents, reports and observables: filing reports (threading,
 * correlation), triage, the queue and the incident page (H1, H2, H4).
 */
import { incidentErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import * as reportReceiptNumber from './migrations/202612041500_report_receipt_number.js';
import * as incidentLabelCoversReports from './migrations/202612041600_incident_label_covers_reports.js';
import * as trackingNumbersPerWorkspace from './migrations/202612041700_tracking_numbers_per_workspace.js';
import * as trackingPrefixPerWorkspace from './migrations/202612041800_tracking_prefix_per_workspace.js';
import * as messageIdNotUnique from './migrations/202612051000_message_id_not_unique.js';
import * as observableSourcesAndCuration from './migrations/202612061000_observable_sources_and_curation.js';
import { registerIncidentRoutes } from './incident.routes.js';
import { incidentLinks, reportExcerpts } from './incident.repository.js';

export { registerIncidentRoutes } from './incident.routes.js';
export { assertReportReadable } from './incident.service.js';
export { fileReport } from './incident.service.js';
export {
  fileReports,
  findTrackingTag,
  refreshFilingStatistics,
  type FileReportInput,
  type FiledReport,
} from './filing.js';
export { extractReportObservables, type ReportObservables } from './report-observables.js';
export {
  findEarlierReports,
  findIncident as incidentById,
  findReportForAcknowledgement,
  insertEntry as insertTimelineEntry,
  listObservablesOfIncident,
  listReports as reportsOfIncident,
  reportExcerpts,
} from './incident.repository.js';
export { canSeeReporter, loadReadableIncident, loadWritableIncident } from './incident-access.js';
export type * from './incident.table.js';

export const incidentModule = defineModule({
  name: 'hub/incident',
  routes: registerIncidentRoutes,
  migrations: {
    '202612041500_report_receipt_number': reportReceiptNumber,
    '202612041600_incident_label_covers_reports': incidentLabelCoversReports,
    '202612041700_tracking_numbers_per_workspace': trackingNumbersPerWorkspace,
    '202612041800_tracking_prefix_per_workspace': trackingPrefixPerWorkspace,
    '202612051000_message_id_not_unique': messageIdNotUnique,
    '202612061000_observable_sources_and_curation': observableSourcesAndCuration,
  },
  // Reports keep their text; their search documents keep only its words (decision 0010).
  excerptSources: { report: reportExcerpts },
  // A report or a timeline entry opens on its incident's page.
  hitLinks: {
    incident: (_db, ids) => Promise.resolve(new Map(ids.map((id) => [id, `/incidents/${id}`]))),
    report: incidentLinks('report'),
    incident_entry: incidentLinks('incident_entry'),
  },
  errors: incidentErrors,
  access: {
    'GET /api/workspaces/:workspaceId/incidents': 'TLP and workspace',
    'GET /api/incidents/:id': 'TLP and workspace; reporter identity need-to-know',
    'PATCH /api/incidents/:id': 'TLP, workspace, content.write',
    'GET /api/attachments/:id': "TLP and workspace of the attachment's report (intake.test.ts)",
    'POST /api/incidents/:id/notes': 'TLP, workspace, content.write + label within clearance',
    'POST /api/incidents/:id/messages': 'TLP, workspace, content.write + label within clearance',
    'POST /api/incidents/:id/merge': 'TLP, workspace, content.write on both incidents',
    'POST /api/incidents/:id/split': 'TLP, workspace, content.write',
    'GET /api/workspaces/:workspaceId/saved-views': 'own views only',
    'POST /api/workspaces/:workspaceId/saved-views': 'content.read; owned by the caller',
    'DELETE /api/saved-views/:id': 'own views only',
    'POST /api/incidents/:id/observables': 'TLP, workspace, content.write; audited',
    'DELETE /api/incidents/:id/observables/:observableId': 'TLP, workspace, content.write; audited',
    'PUT /api/observables/:id/correlation':
      'content.write in its workspace and an incident holding it readable (else 404); audited',
    'GET /api/workspaces/:workspaceId/observables/review': 'content.read; only incidents within clearance count',
    'GET /api/workspaces/:workspaceId/assignees': 'content.read in the workspace',
    'GET /api/workspaces/:workspaceId/tracking-prefix': 'content.read in the workspace',
    'PUT /api/workspaces/:workspaceId/tracking-prefix': 'workspace.manage, audited',
  },
});
