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
const SEED_C = 0x27d4eb2f;

/** Writes an event's 96-bit de-duplication key into three 32-bit words. */
export type EventKeyOf = (event: FeedEvent, key: Uint32Array) => void;

/**
 * Two events are the same observation when they name the same source and destination, the same
 * classification and malware, on the same UTC day: a daily report that lists a host twice (two
 * scans, two sinkhole hits) gives the owner one line. (IntelMQ's deduplicator compares all
 * fields but time.observation and raw; per day suits a daily notification better.)
 *
 * The key is 96 bits of seeded xxHash64 and xxHash32 values of those fields: 0.3 µs an event where SHA-1
 * took 1.5–2.6 µs, and no collision among the events of any feed (a birthday bound of 2^48).
 * It is not a defence against a feed crafted to collide with itself; feeds come from their
 * providers, and a forged duplicate would only hide a row of the forger's own file.
 */
export async function eventKeys(): Promise<EventKeyOf> {
  const hasher = await (hashing ??= xxhash());
  return (event, key) => {
    const text = `${event['source.ip'] ?? ''}\u0000${event['source.port'] ?? ''}\u0000${event['source.url'] ?? ''}\u0000${
      event['source.fqdn'] ?? ''
    }\u0000${event['destination.ip'] ?? ''}\u0000${event['destination.port'] ?? ''}\u0000${event['classification.type']}\u0000${
      event['classification.identifier']
    }\u0000${event['malware.name'] ?? ''}\u0000${event['time.source'].slice(0, 10)}`;
    // 64 bits of xxHash64 and 32 of xxHash32 (another seed, another function): one BigInt instead of two.
    const a = hasher.h64(text, SEED_A);
    key[0] = Number(a & LOW_WORD);
    key[1] = Number(a >> 32n);
    key[2] = hasher.h32(text, SEED_C);
  };
}

/** The header line of an events CSV. */
export function eventsCsvHeader(): string {
  return EVENT_COLUMNS.join(',') + '\r\n';
}

/** One event as a CSV line (RFC 4180, CRLF), columns as `eventsCsvHeader` (EVENT_COLUMNS, in order). */
export function eventCsvLine(event: FeedEvent): string {
  // Each field by name rather than by a loop over EVENT_COLUMNS: a million events a feed, and a
  // property read with a fixed name is several times faster than one with a computed name.
  return `${csvField(event['time.source'])},${csvField(event['source.ip'])},${csvField(event['source.port'])},${csvField(
    event['source.asn'],
  )},${csvField(event['source.as_name'])},${csvField(event['source.network'])},${csvField(
    event['source.geolocation.cc'],
  )},${csvField(event['source.fqdn'])},${csvField(event['source.reverse_dns'])},${csvField(event['source.url'])},${csvField(
    event['destination.ip'],
  )},${csvField(event['destination.port'])},${csvField(event['destination.fqdn'])},${csvField(
    event['protocol.transport'],
  )},${csvField(event['protocol.application'])},${csvField(event['classification.taxonomy'])},${csvField(
    event['classification.type'],
  )},${csvField(event['classification.identifier'])},${csvField(event['malware.name'])},${csvField(
    event['feed.name'],
  )},${csvField(event['feed.provider'])}\r\n`;
}

/** IntelMQ's flat event JSON (its file output), with `raw` as base64 of the source row. */
export function toIntelMqJson(event: FeedEvent, raw?: string): string {
  const { extra, ...fields } = event;
  const flat: Record<string, unknown> = { __type: 'Event', ...fields };
  if (extra) for (const [key, value] of Object.entries(extra)) flat[`extra.${key}`] = value;
  if (raw !== undefined) flat['raw'] = Buffer.from(raw, 'utf8').toString('base64');
  return JSON.stringify(flat);
}
