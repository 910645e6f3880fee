/** Inbound mail, stored raw before the sender is told it was accepted; also the quarantine. @module */
import type { Selectable } from 'kysely';

export interface InboundMailTable {
  id: string;
  workspace_id: string;
  source: string;
  raw_sha256: string;
  size: number;
  envelope_from: string | null;
  envelope_to: string;
  /** received → processed | quarantined | deleted */
  status: string;
  reason: string | null;
  report_id: string | null;
  received_at: string;
  updated_at: string;
}
export type InboundMailRow = Selectable<InboundMailTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    inbound_mail: InboundMailTable;
  }
}
