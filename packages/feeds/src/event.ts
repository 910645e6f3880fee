/**
 * The harmonised event: one observation from a feed (an open service, an infected host, a scan),
 * with IntelMQ's field names (intelmq/etc/harmonization.conf) so that a CERT running IntelMQ can
 * send its events here unchanged and read ours back. Only the fields Renkei fills or reads are
 * typed; anything else a feed carries goes to `extra`.
 * @module
 */

export const FEED_TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type FeedTlp = (typeof FEED_TLPS)[number];

/** IntelMQ's classification taxonomies (RSIT-based, as in harmonization.conf). */
export const TAXONOMIES = [
  'abusive-content',
  'malicious-code',
  'information-gathering',
  'intrusion-attempts',
  'intrusions',
  'availability',
  'information-content-security',
  'fraud',
  'vulnerable',
  'other',
  'test',
] as const;
export type Taxonomy = (typeof TAXONOMIES)[number];

export interface FeedEvent {
  'source.ip'?: string;
  'source.port'?: number;
  'source.asn'?: number;
  'source.as_name'?: string;
  'source.network'?: string;
  'source.geolocation.cc'?: string;
  'source.geolocation.region'?: string;
  'source.geolocation.city'?: string;
  'source.fqdn'?: string;
  'source.reverse_dns'?: string;
  'source.url'?: string;
  'destination.ip'?: string;
  'destination.port'?: number;
  'destination.asn'?: number;
  'destination.fqdn'?: string;
  'destination.geolocation.cc'?: string;
  'protocol.transport'?: string;
  'protocol.application'?: string;
  'classification.taxonomy': Taxonomy;
  'classification.type': string;
  'classification.identifier': string;
  'malware.name'?: string;
  /** When the feed saw it (ISO 8601, UTC). */
  'time.source': string;
  /** When Renkei read it. */
  'time.observation'?: string;
  'feed.name': string;
  'feed.provider'?: string;
  'feed.code'?: string;
  /** Columns the feed has that the schema does not. */
  extra?: Record<string, string | number | boolean>;
  /** The line(s) the event came from (base64, as IntelMQ keeps it). */
  raw?: string;
  tlp: FeedTlp;
}

/** Fields of FeedEvent that hold numbers (IntelMQ Integer / ASN types). */
export const NUMERIC_FIELDS = new Set(['source.port', 'source.asn', 'destination.port', 'destination.asn']);

/** The fields as one list, in the order a CSV of events shows them. */
export const EVENT_COLUMNS = [
  'time.source',
  'source.ip',
  'source.port',
  'source.asn',
  'source.as_name',
  'source.network',
  'source.geolocation.cc',
  'source.fqdn',
  'source.reverse_dns',
  'source.url',
  'destination.ip',
  'destination.port',
  'destination.fqdn',
  'protocol.transport',
  'protocol.application',
  'classification.taxonomy',
  'classification.type',
  'classification.identifier',
  'malware.name',
  'feed.name',
  'feed.provider',
] as const;

/** A row the reader could not turn into an event, reported by its line; the rest go on. */
export interface FeedProblem {
  line: number;
  /** missing_column | column_count | bad_value | encoding | unterminated_quote | bad_json | empty */
  code: string;
  message: string;
  /** The offending text, shortened. */
  excerpt?: string;
}

export type FeedRecord = { line: number; event: FeedEvent } | { line: number; problem: FeedProblem };

/** Timestamps as feeds write them ("2026-12-04 01:02:03", with or without zone) → ISO 8601 UTC. */
export function toIsoTime(text: string): string | undefined {
  const fast = plainUtcTime(text);
  if (fast) return fast;
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  // Shadowserver: "2026-12-04 01:02:03" (UTC, no zone) or with "Z"/offset.
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  const candidate = match
    ? `${match[1]}T${match[2]!.length === 5 ? `${match[2]}:00` : match[2]}${match[3] ?? 'Z'}`
    : /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
      ? `${trimmed}T00:00:00Z`
      : trimmed;
  const time = Date.parse(candidate);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at a position as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * "YYYY-MM-DD HH:MM:SS" (how Shadowserver writes every time, UTC) checked digit by digit and
 * rewritten without a Date: a million rows each carry one. Anything else goes the general way.
 */
function plainUtcTime(text: string): string | undefined {
  if (text.length !== 19 || text[4] !== '-' || text[7] !== '-' || text[10] !== ' ') return undefined;
  if (text[13] !== ':' || text[16] !== ':') return undefined;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearInCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const year = century * 100 + yearInCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  return `${text.slice(0, 10)}T${text.slice(11)}Z`;
}
