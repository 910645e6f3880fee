/** Tables of hub/feeds: feed imports, their events, problems and per-party notifications. @module */
import type { Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export interface FeedImportTable {
  id: string;
  workspace_id: string;
  name: string;
  format: string;
  report: string | null;
  file_name: string | null;
  encoding: string | null;
  /** The most restrictive label of its events. */
  tlp: Tlp;
  status: string;
  /** JSON: rows, events, duplicates, problems, parties, withoutContact. */
  counts: string;
  /** JSON array of { stage, count, seconds, rate }. */
  stages: string;
  /** The header line of a CSV feed: with each event's `raw`, it gives back the file as read. */
  source_header: string | null;
  period_start: string | null;
  period_end: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  sent_at: string | null;
  /** JSON { stage, done, total } while a long stage runs (reading, contacts, sending); else null. */
  progress: string | null;
}
export type FeedImportRow = Selectable<FeedImportTable>;

/**
 * A party's events from one flush of an import's buffers, in file order: a notification is the
 * concatenation of its party's chunks, not a million row reads. The two texts are stored
 * deflated (raw DEFLATE, RFC 1951, of their UTF-8): feed text shrinks five- to tenfold, and
 * compressing runs on libuv's thread pool while the import reads on (decision 0019).
 */
export interface FeedChunkTable {
  import_id: string;
  /** `org:<directory id>`, `as:<number>` or `unresolved`. */
  party_key: string;
  /** Order of the party's chunks. */
  seq: number;
  events: number;
  /** The file line of each event, comma-separated. */
  lines: string;
  /** Each harmonised event as the line of the CSV its party receives (EVENT_COLUMNS, CRLF-terminated), deflated. */
  csv: Uint8Array;
  /**
   * The rows as they stood in the feed file, each followed by a line feed, deflated: CSV records
   * (a quoted field may hold line breaks; the CSV reader separates them again) or JSON lines.
   * With the import's header line they give the events' source back: nothing read is lost.
   */
  raw: Uint8Array;
}
export type FeedChunkRow = Selectable<FeedChunkTable>;

export interface FeedProblemTable {
  import_id: string;
  line: number;
  code: string;
  message: string;
  excerpt: string | null;
}

export interface FeedPartyTable {
  import_id: string;
  party_key: string;
  organisation_id: string | null;
  name: string;
  /** JSON array of addresses. */
  recipients: string;
  language: string;
  /** The country most of its events are in (chooses the registry asked for an AS's contact). */
  country: string | null;
  /** Where the recipients came from: `directory`, or `RDAP <url>`; null when there are none. */
  recipients_source: string | null;
  /** Why a party has no address (offline, not found, …), for the handler. */
  contact_note: string | null;
  /** JSON { identifier: events }: what the notification counts by kind. */
  identifiers: string | null;
  events: number;
  status: string;
  outbound_message_id: string | null;
}
export type FeedPartyRow = Selectable<FeedPartyTable>;

declare module '../../../platform/index.js' {
  interface Database {
    feed_import: FeedImportTable;
    feed_chunk: FeedChunkTable;
    feed_problem: FeedProblemTable;
    feed_party: FeedPartyTable;
  }
}
