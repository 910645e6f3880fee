/**
 * Entry of a feed reading thread (see `feed-readers.ts`): reads one block of a Shadowserver
 * report's rows per request — decode, CSV, harmonise, de-duplication key, AS and country, the CSV
 * line a party receives — and answers in typed arrays and one byte buffer, so that the import's
 * thread only de-duplicates and files (a million event objects would cost it more to receive
 * than to build).
 * @module
 */
import { TextDecoder } from 'node:util';
import { parentPort } from 'node:worker_threads';
import { tlpRank } from '@renkei/contracts';
import {
  eventCsvLine,
  eventKeys,
  lineBreaks,
  readCsvBatches,
  shadowserverRows,
  TextSpool,
  Utf8Decoder,
  type CsvRecord,
  type FeedEncoding,
  type FeedItem,
  type FeedProblem,
  type FeedReadOptions,
  type FeedTlp,
} from '@renkei/feeds';
import { IpRangeIndex, type AutonomousSystem, type IpRangeIndexParts } from '@renkei/ip-index';
import { fillNetwork, hostOf, type NetworkIndexes } from './feed-enrichment.js';

export interface NetworkMessage {
  kind: 'network';
  generation: number;
  asn: IpRangeIndexParts<AutonomousSystem>;
  country: IpRangeIndexParts<string>;
}

export interface BlockRequest {
  kind: 'block';
  id: number;
  /** The network data to enrich with (sent before, once per thread). */
  generation: number;
  options: FeedReadOptions;
  encoding: FeedEncoding;
  /** The file's header record as it stands in the file. */
  header: string;
  /** The block starts the file: its first record that is not blank is the header (skipped). */
  skipHeader: boolean;
  block: Uint8Array;
  /** The import matches a constituency: answer each event's address, host, AS name and country too. */
  addresses: boolean;
}

/** One block read: event i's CSV line is `bytes[rawEnds[i-1]..csvEnds[i])`, its raw row `[csvEnds[i]..rawEnds[i])`. */
export interface BlockResult {
  id: number;
  /** Lines are numbered from the block's start (1); this many line breaks are in the block. */
  breaks: number;
  events: number;
  problems: { line: number; problem: FeedProblem }[];
  /** Three words per event. */
  keys: Uint32Array;
  lines: Uint32Array;
  /** Index into `partyKeys` (`as:N` or `unresolved`) per event. */
  parties: Uint32Array;
  partyKeys: string[];
  /** Index into `identifierNames` per event. */
  identifiers: Uint32Array;
  identifierNames: string[];
  bytes: Uint8Array;
  csvEnds: Uint32Array;
  rawEnds: Uint32Array;
  /** The highest TLP and the time range of the block's events (duplicates included). */
  tlp: FeedTlp | null;
  periodStart: string | null;
  periodEnd: string | null;
  /** The first AS name and the first country seen per AS, in the order seen (an AS again when its other half comes later). */
  asFirst: [asn: number, name: string | undefined, country: string | undefined][];
  /** With `addresses`: per event. */
  ips?: (string | undefined)[];
  hosts?: (string | undefined)[];
  asNames?: (string | undefined)[];
  countries?: (string | undefined)[];
  readNs: number;
  enrichNs: number;
}

export type ReaderMessage = { ready: true } | BlockResult | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('feed-reader.worker runs as a worker thread');
const post = (message: ReaderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const keyOf = await eventKeys();
let network: { generation: number; indexes: NetworkIndexes } | undefined;
/** `as:N` once per AS, not once per event. */
const asKeys = new Map<number, string>();
/** Bytes decoded and parsed at a time. */
const SLICE_BYTES = 64 * 1024;

async function readBlock(request: BlockRequest): Promise<BlockResult> {
  const started = process.hrtime.bigint();
  if (!network || network.generation !== request.generation) throw new Error('no network data for this block');
  let headerRecord: CsvRecord | undefined;
  for await (const records of readCsvBatches([request.header])) {
    headerRecord = records[0];
    break;
  }
  if (!headerRecord) throw new Error('a block came without its header');
  const rows = shadowserverRows(headerRecord, request.options, {});
  if (typeof rows !== 'function') throw new Error(`the header was refused: ${rows.problem.message}`);
  const { indexes } = network;
  const problems: BlockResult['problems'] = [];
  // Rows of a block: at most its line breaks plus one.
  const breaks = lineBreaks(request.block);
  const count = breaks + 1;
  const keys = new Uint32Array(count * 3);
  const lines = new Uint32Array(count);
  const parties = new Uint32Array(count);
  const identifiers = new Uint32Array(count);
  const csvEnds = new Uint32Array(count);
  const rawEnds = new Uint32Array(count);
  const partyIndex = new Map<string, number>();
  const identifierIndex = new Map<string, number>();
  const asFirst: BlockResult['asFirst'] = [];
  const asNamed = new Set<number>();
  const asPlaced = new Set<number>();
  const spool = new TextSpool(request.block.length * 2);
  const key = new Uint32Array(3);
  const ips: (string | undefined)[] = [];
  const hosts: (string | undefined)[] = [];
  const asNames: (string | undefined)[] = [];
  const countries: (string | undefined)[] = [];
  let tlp: FeedTlp | null = null;
  let periodStart: string | null = null;
  let periodEnd: string | null = null;
  let n = 0;
  const file = (item: FeedItem) => {
    if ('problem' in item) {
      problems.push(item);
      return;
    }
    const event = item.event;
    if (tlp === null || tlpRank(event.tlp) > tlpRank(tlp)) tlp = event.tlp;
    const time = event['time.source'];
    if (periodStart === null || time < periodStart) periodStart = time;
    if (periodEnd === null || time > periodEnd) periodEnd = time;
    keyOf(event, key);
    keys.set(key, n * 3);
    fillNetwork(event, indexes);
    const asn = event['source.asn'];
    let partyKey = 'unresolved';
    if (asn !== undefined) {
      partyKey = asKeys.get(asn) ?? `as:${asn}`;
      if (asKeys.size < 100_000) asKeys.set(asn, partyKey);
    }
    if (asn !== undefined) {
      const name = event['source.as_name'];
      const country = event['source.geolocation.cc'];
      const newName = name !== undefined && !asNamed.has(asn);
      const newCountry = country !== undefined && !asPlaced.has(asn);
      if (newName || newCountry) {
        if (newName) asNamed.add(asn);
        if (newCountry) asPlaced.add(asn);
        asFirst.push([asn, newName ? name : undefined, newCountry ? country : undefined]);
      }
    }
    let party = partyIndex.get(partyKey);
    if (party === undefined) partyIndex.set(partyKey, (party = partyIndex.size));
    parties[n] = party;
    const identifier = event['classification.identifier'];
    let identifierAt = identifierIndex.get(identifier);
    if (identifierAt === undefined) identifierIndex.set(identifier, (identifierAt = identifierIndex.size));
    identifiers[n] = identifierAt;
    lines[n] = item.line;
    spool.append(eventCsvLine(event));
    csvEnds[n] = spool.length;
    spool.append(item.raw);
    spool.append('\n');
    rawEnds[n] = spool.length;
    if (request.addresses) {
      ips.push(event['source.ip']);
      hosts.push(event['source.fqdn'] ?? (event['source.url'] ? hostOf(event['source.url']) : undefined));
      asNames.push(event['source.as_name']);
      countries.push(event['source.geolocation.cc']);
    }
    n++;
  };
  // Decoded and parsed a slice at a time, and each row filed as it is read: a block's rows never
  // all live at once, so they die young (the collector's cheap case).
  const decoder = request.encoding === 'utf-8' ? new Utf8Decoder() : new TextDecoder(request.encoding);
  let skipHeader = request.skipHeader;
  const slices = function* () {
    const block = request.block;
    for (let at = 0; at < block.length; at += SLICE_BYTES)
      yield decoder.decode(block.subarray(at, at + SLICE_BYTES), { stream: at + SLICE_BYTES < block.length });
  };
  for await (const records of readCsvBatches(slices()))
    for (const record of records) {
      if (skipHeader) {
        skipHeader = record.raw === '';
        continue;
      }
      const item = rows(record);
      if (item) file(item);
    }
  const bytes = spool.takeBytes();
  return {
    id: request.id,
    breaks,
    events: n,
    problems,
    keys: keys.subarray(0, n * 3),
    lines: lines.subarray(0, n),
    parties: parties.subarray(0, n),
    partyKeys: [...partyIndex.keys()],
    identifiers: identifiers.subarray(0, n),
    identifierNames: [...identifierIndex.keys()],
    bytes,
    csvEnds: csvEnds.subarray(0, n),
    rawEnds: rawEnds.subarray(0, n),
    tlp,
    periodStart,
    periodEnd,
    asFirst,
    ...(request.addresses ? { ips, hosts, asNames, countries } : {}),
    readNs: Number(process.hrtime.bigint() - started),
    enrichNs: 0,
  };
}

port.on('message', (message: NetworkMessage | BlockRequest) => {
  if (message.kind === 'network') {
    network = {
      generation: message.generation,
      indexes: { asn: IpRangeIndex.fromParts(message.asn), country: IpRangeIndex.fromParts(message.country) },
    };
    return;
  }
  readBlock(message).then(
    (result) =>
      post(result, [
        ...new Set(
          [
            result.keys,
            result.lines,
            result.parties,
            result.identifiers,
            result.bytes,
            result.csvEnds,
            result.rawEnds,
          ].map((array) => array.buffer as ArrayBuffer),
        ),
      ]),
    (error: unknown) =>
      post({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
post({ ready: true });
