/**
 * What leaves Renkei about events: the de-duplication key, the CSV a network owner receives, and
 * IntelMQ event JSON.
 * @module
 */
import { createHash } from 'node:crypto';
import { csvField } from './csv-lines.js';
import { EVENT_COLUMNS, type FeedEvent } from './event.js';

/**
 * Two events are the same observation when they name the same source and destination, the same
 * classification and malware, on the same UTC day: a daily report that lists a host twice (two
 * scans, two sinkhole hits) gives the owner one line. (IntelMQ's deduplicator compares all
 * fields but time.observation and raw; per day suits a daily notification better.)
 */
export function dedupKey(event: FeedEvent): string {
  return Buffer.from(dedupDigest(event)).toString('base64url');
}

/** The de-duplication key as 12 bytes (96 bits of SHA-1: no collision in any feed's lifetime). */
export function dedupDigest(event: FeedEvent): Uint8Array {
  const parts = [
    event['source.ip'] ?? '',
    event['source.port'] ?? '',
    event['source.url'] ?? '',
    event['source.fqdn'] ?? '',
    event['destination.ip'] ?? '',
    event['destination.port'] ?? '',
    event['classification.type'],
    event['classification.identifier'],
    event['malware.name'] ?? '',
    event['time.source'].slice(0, 10),
  ];
  return createHash('sha1').update(parts.join('\u0000')).digest().subarray(0, 12);
}

/** The header line of an events CSV. */
export function eventsCsvHeader(): string {
  return EVENT_COLUMNS.join(',') + '\r\n';
}

/** One event as a CSV line (RFC 4180, CRLF), columns as `eventsCsvHeader`. */
export function eventCsvLine(event: FeedEvent): string {
  const record = event as unknown as Record<string, string | number | undefined>;
  let line = '';
  for (let i = 0; i < EVENT_COLUMNS.length; i++) {
    if (i) line += ',';
    line += csvField(record[EVENT_COLUMNS[i]!]);
  }
  return line + '\r\n';
}

/** IntelMQ's flat event JSON (its file output), with `raw` as base64 of the source row. */
export function toIntelMqJson(event: FeedEvent, raw?: string): string {
  const { extra, ...fields } = event;
  const flat: Record<string, unknown> = { __type: 'Event', ...fields };
  if (extra) for (const [key, value] of Object.entries(extra)) flat[`extra.${key}`] = value;
  if (raw !== undefined) flat['raw'] = Buffer.from(raw, 'utf8').toString('base64');
  return JSON.stringify(flat);
}
