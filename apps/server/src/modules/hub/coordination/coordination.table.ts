/** Coordination threads, their messages, and takedown targets. @module */
import type { PartyRole, RequestKind, ThreadStatus, Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

/** One counterparty of an incident: its request, its messages (in coordination_message), its status. */
export interface CoordinationThreadTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  role: PartyRole;
  request: RequestKind;
  /** The directory entry, when the party has one. */
  organisation_id: string | null;
  party_name: string;
  /** JSON array of addresses. */
  recipients: string;
  language: 'ja' | 'en';
  tlp: Tlp;
  target: string | null;
  victim_consent: number;
  status: ThreadStatus;
  /** Days the party has to answer the request. */
  due_days: number;
  due_at: string | null;
  reminders_sent: number;
  escalated_from: string | null;
  /** JSON array of facts (resolver evidence). */
  evidence: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  acknowledged_at: string | null;
  action_at: string | null;
  resolved_at: string | null;
}
export type CoordinationThreadRow = Selectable<CoordinationThreadTable>;

/** A message of a thread (request, reminder, escalation): the message itself is in outbound_message. */
export interface CoordinationMessageTable {
  thread_id: string;
  outbound_id: string;
  message_id: string;
  kind: 'request' | 'reminder' | 'escalation';
  subject: string;
  created_at: string;
}
export type CoordinationMessageRow = Selectable<CoordinationMessageTable>;

/** A malicious URL watched until it goes down. */
export interface TakedownTargetTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  url: string;
  state: 'unknown' | 'up' | 'down';
  reported_at: string;
  down_at: string | null;
  checks: number;
  last_checked_at: string | null;
  last_status: number | null;
  last_final_url: string | null;
  last_content_hash: string | null;
  /** The hash of the first check that found the site up. */
  first_content_hash: string | null;
  last_error: string | null;
  monitoring: number;
  created_by: string | null;
  created_at: string;
}
export type TakedownTargetRow = Selectable<TakedownTargetTable>;

declare module '../../../platform/index.js' {
  interface Database {
    coordination_thread: CoordinationThreadTable;
    coordination_message: CoordinationMessageTable;
    takedown_target: TakedownTargetTable;
  }
}
