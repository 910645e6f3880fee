/**
 * What leaves Renkei about events: the de-duplication key, the CSV a network owner receives, and
 * IntelMQ event JSON.
 * @module
 */
import xxhash from 'xxhash-wasm';
import { csvField } from './csv-lines.js';
import { EVENT_COLUMNS, type FeedEvent } from './event.js';

/** The hash behind event keys (WebAssembly, loaded once per process). */
let hashing: ReturnType<typeof xxhash> | undefined;
const LOW_WORD = 0xffffffffn;
const SEED_A = 0x9e3779b97f4a7c15n;
const SEED_B = 0xc2b2ae3d27d4eb4fn;

/** Writes an event's 96-bit de-duplication key into three 32-bit words. */
export type EventKeyOf = (event: FeedEvent, key: Uint32Array) => void;

/**
 * Two events are the same observation when they name the same source and destination, the same
 * classification and malware, on the same UTC day: a daily report that lists a host twice (two
 * scans, two sinkhole hits) gives the owner one line. (IntelMQ's deduplicator compares all
 * fields but time.observation and raw; per day suits a daily notification better.)
 *
 * The key is 96 bits of two seeded xxHash64 values of those fields: 0.3 µs an event where SHA-1
 * took 1.5–2.6 µs, and no collision among the events of any feed (a birthday bound of 2^48).
 * It is not a defence against a feed crafted to collide with itself; feeds come from their
 * providers, and a forged duplicate would only hide a row of the forger's own file.
 */
export async function eventKeys(): Promise<EventKeyOf> {
  const hasher = await (hashing ??= xxhash());
  return (event, key) => {
    const text = [
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
    ].join('\u0000');
    const a = hasher.h64(text, SEED_A);
    const b = hasher.h64(text, SEED_B);
    key[0] = Number(a & LOW_WORD);
    key[1] = Number(a >> 32n);
    key[2] = Number(b & LOW_WORD);
  };
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
