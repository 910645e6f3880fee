/** Outbound mail: every message Renkei sends, owned by the object it was sent for (incident, later coordination, case). @module */
import type { Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export type DeliveryStatus = 'queued' | 'sent' | 'failed';
/** How a sent message was protected with OpenPGP (null: not sent yet, or sent before this was kept). */
export type MessageProtection = 'none' | 'signed' | 'signed+encrypted';

export interface OutboundMessageTable {
  id: string;
  workspace_id: string;
  /** What the message was sent for (`incident`), and its id: replies are claimed by it. */
  owner_type: string;
  owner_id: string;
  /** `acknowledgement`, `message`, … (what it is, for lists and statistics). */
  purpose: string;
  tlp: Tlp;
  /** JSON array of addresses. */
  recipients: string;
  subject: string;
  body: string;
  /** Ours, `<uuid@our domain>`: how replies find their way back (In-Reply-To, References). */
  message_id: string;
  in_reply_to: string | null;
  /** Space-separated Message-IDs, as in the References header. */
  references_header: string | null;
  /** JSON object of extra headers (Auto-Submitted, X-Renkei-TLP, …). */
  headers: string;
  /** Unique when set: queueing twice with the same key yields the first message. */
  idempotency_key: string | null;
  status: DeliveryStatus;
  last_error: string | null;
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
  protection: MessageProtection | null;
  /** JSON array of { filename, contentType, sha256, size }: contents are blobs. */
  attachments: string | null;
  /** The HTML alternative of `body`, when the message was written in Markdown. */
  html: string | null;
}
export type OutboundMessageRow = Selectable<OutboundMessageTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
/** A reply one of our messages received: the report it was filed as. */
export interface OutboundReplyTable {
  /** Ours, as in outbound_message.message_id. */
  message_id: string;
  workspace_id: string;
  report_id: string;
  sender: string | null;
  received_at: string;
}
export type OutboundReplyRow = Selectable<OutboundReplyTable>;

/** A delivery status notification for one recipient of one of our messages (RFC 3464). */
export interface OutboundBounceTable {
  message_id: string;
  workspace_id: string;
  /** The report the notification was filed as. */
  report_id: string;
  recipient: string;
  /** failed | delayed | … (RFC 3464 Action). */
  action: string;
  /** Enhanced status code, 5.1.1. */
  status: string | null;
  diagnostic: string | null;
  received_at: string;
}
export type OutboundBounceRow = Selectable<OutboundBounceTable>;

declare module '../../../platform/index.js' {
  interface Database {
    outbound_message: OutboundMessageTable;
    outbound_reply: OutboundReplyTable;
    outbound_bounce: OutboundBounceTable;
  }
}
