/**
 * hub/incident's second public entry, for worker threads: the pure extraction of a report's
 * observables (intake's parse workers run it beside the mail parsing). Imports no I/O.
 * @module hub/incident
 */
export {
  extractReportObservables,
  type ReportObservable,
  type ReportObservables,
  type ReportText,
  type SourcedText,
} from './report-observables.js';
