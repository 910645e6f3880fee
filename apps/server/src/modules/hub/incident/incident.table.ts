/** Tables of incidents, their reports and observables. @module */
import type { IncidentStatus, Tlp } from '@renkei/contracts';
import type { Generated, Selectable } from 'kysely';

export interface IncidentTable {
  id: string;
  workspace_id: string;
  /** Human-readable, e.g. `RK-2026-000123`; put in acknowledgement subjects. */
  tracking_number: string;
  title: string;
  status: IncidentStatus;
  priority: string;
  /** National category, derived from the axes below. */
  category: string;
  rsit_type: string | null;
  sector: string | null;
  is_ics: number;
  is_targeted: number;
  /** JSON: structured ICS intake (asset, vendor, product, impact). */
  ics_details: string | null;
  tlp: Tlp;
  assignee_id: string | null;
  /** JSON array of tags. */
  tags: string;
  report_count: number;
  response_due_at: string | null;
  merged_into_id: string | null;
  created_at: string;
  updated_at: string;
}
export type IncidentRow = Selectable<IncidentTable>;

export interface ReportTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  channel: string;
  tlp: Tlp;
  subject: string;
  body: string;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_organization: string | null;
  language: string | null;
  /** The raw message (e-mail) or submission, content-addressed in `blob`. */
  raw_sha256: string | null;
  message_id: string | null;
  pgp_status: string | null;
  created_by: string | null;
  received_at: string;
  /**
   * The number the submitter was given when it differs from the incident's (it joined an incident
   * they may not know of); null when the receipt named the incident.
   */
  receipt_number: string | null;
}
export type ReportRow = Selectable<ReportTable>;

export interface ObservableTable {
  id: string;
  workspace_id: string;
  type: string;
  value: string;
  registered_domain: string | null;
  first_seen_at: string;
  last_seen_at: string;
  /** `auto`, `ignored` (a handler: not an indicator) or `over_limit` (in too many incidents; for review). */
  correlation: Generated<string>;
  correlation_changed_by: string | null;
  correlation_changed_at: string | null;
}
export type ObservableRow = Selectable<ObservableTable>;

export interface IncidentObservableTable {
  incident_id: string;
  observable_id: string;
  /** The report that carried it; empty when a handler added it by hand. */
  report_id: string;
  created_at: string;
  /** Comma-separated places in the report (`link,image`, `text`, `handler`, …). */
  sources: string | null;
  /** How it was written when that differs from the normalised value. */
  seen: string | null;
}

export interface IncidentLinkTable {
  incident_id: string;
  related_id: string;
  reason: string;
  created_at: string;
}

/** The tracking-number counter of a workspace, per prefix and year (numbers are per workspace). */
export interface TrackingCounterTable {
  workspace_id: string;
  prefix: string;
  year: number;
  last_value: number;
}

/** The installation-wide sequence used before numbers were counted per workspace (kept, unused). */
export interface TrackingSequenceTable {
  prefix: string;
  year: number;
  last_value: number;
}

export interface ReportAttachmentTable {
  id: string;
  report_id: string;
  /** The content, in `blob`. */
  sha256: string;
  filename: string | null;
  content_type: string;
  size: number;
}

/** The incident timeline besides reports: handlers' notes, outgoing messages, state changes. */
export interface IncidentEntryTable {
  id: string;
  incident_id: string;
  workspace_id: string;
  /** note | message | event */
  kind: string;
  tlp: Tlp;
  author_id: string | null;
  subject: string | null;
  body: string;
  /** JSON array of addresses (messages). */
  recipients: string | null;
  message_id: string | null;
  /** queued → sent | failed (messages). */
  delivery: string | null;
  created_at: string;
}
export type IncidentEntryRow = Selectable<IncidentEntryTable>;

/** A handler's saved queue filter. */
/** A workspace's tracking-number prefix (default `RK` when it has no row). */
export interface TrackingPrefixTable {
  workspace_id: string;
  prefix: string;
  updated_at: string;
}

export interface SavedViewTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  /** JSON of the queue's query parameters. */
  query: string;
  created_at: string;
}

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    tracking_sequence: TrackingSequenceTable;
    tracking_counter: TrackingCounterTable;
    tracking_prefix: TrackingPrefixTable;
    incident: IncidentTable;
    report: ReportTable;
    report_attachment: ReportAttachmentTable;
    observable: ObservableTable;
    incident_observable: IncidentObservableTable;
    incident_link: IncidentLinkTable;
    saved_view: SavedViewTable;
    incident_entry: IncidentEntryTable;
  }
}
