/**
 * @module hub/incident — incidents, reports and observables: filing reports (threading,
 * correlation), triage, the queue and the incident page (H1, H2, H4).
 */
export { registerIncidentRoutes } from './incident.routes.js';
export { timelineJobs } from './timeline.service.js';
export { assertReportReadable } from './incident.service.js';
export { fileReport } from './incident.service.js';
export { fileReports, findTrackingTag, refreshFilingStatistics, type FileReportInput, type FiledReport } from './filing.js';
export { extractReportObservables, type ReportObservables } from './report-observables.js';
export { findEarlierReports, reportExcerpts } from './incident.repository.js';
export type * from './incident.table.js';
