/**
 * Reads a feed file (as a stream of bytes) into harmonised events, one record per row: either
 * an event or a problem naming the line. Nothing is held beyond the current chunk, so memory
 * does not grow with the file.
 * @module
 */
import { readCsvBatches, readCsvRecords, type CsvRecord } from './csv-lines.js';
import { decodeFeed, type FeedEncoding } from './decode.js';
import type { FeedEvent, FeedProblem, FeedTlp } from './event.js';
import { FeedValueError, fieldSetter, missingRequired, setField, type FieldSetter } from './harmonise.js';
import {
  SHADOWSERVER_COLUMNS,
  classify,
  classifyReport,
  reportFromFileName,
  reportFromHeader,
  requiredColumns,
  type ShadowserverReport,
} from './shadowserver.js';

export const FEED_FORMATS = ['shadowserver', 'intelmq', 'csv', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface FeedReadOptions {
  format: FeedFormat;
  /** Shadowserver: the report's name (scan_rdp, event4_sinkhole, …) when the file name does not say it. */
  report?: string;
  fileName?: string;
  /** TLP of events that carry none (default AMBER: feed data names victims' addresses). */
  tlp?: FeedTlp;
  /** time.observation of every event (the import's time; injected, so tests are exact). */
  observedAt: string;
  /** Generic CSV/JSON: source column or key → harmonised field (e.g. { addr: 'source.ip' }). */
  mapping?: Record<string, string>;
  /** Generic CSV/JSON: classification for rows that carry none. */
  classification?: { taxonomy: string; type: string; identifier: string };
  /** feed.name for events that carry none. */
  feedName?: string;
}

export interface FeedRead {
  line: number;
  /** The row as it stood in the file. */
  raw: string;
  event: FeedEvent;
}

export type FeedItem = FeedRead | { line: number; problem: FeedProblem };

export interface FeedReadInfo {
  encoding?: FeedEncoding;
  report?: ShadowserverReport;
  columns?: string[];
  /** A CSV feed's header line as it stood in the file. */
  header?: string;
}

const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export async function* readFeed(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FeedReadOptions,
  info: FeedReadInfo = {},
): AsyncGenerator<FeedItem> {
  for await (const batch of readFeedBatches(bytes, options, info)) yield* batch;
}

/** The same items in arrays (one per chunk of input): what a pipeline of a million rows wants. */
export async function* readFeedBatches(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FeedReadOptions,
  info: FeedReadInfo = {},
): AsyncGenerator<FeedItem[]> {
  const text = decodeFeed(bytes, (encoding) => (info.encoding = encoding));
  if (options.format === 'shadowserver') yield* readShadowserver(text, options, info);
  else {
    const items = options.format === 'csv' ? readGenericCsv(text, options, info) : readJsonEvents(text, options);
    let batch: FeedItem[] = [];
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= 500) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
}

function problem(line: number, code: string, message: string, raw?: string): { line: number; problem: FeedProblem } {
  return { line, problem: { line, code, message, ...(raw !== undefined ? { excerpt: excerpt(raw) } : {}) } };
}

/** Problems every CSV row can have before its values are read. */
function rowProblem(record: CsvRecord, columns: number): { line: number; problem: FeedProblem } | undefined {
  if (record.unterminated)
    return problem(record.line, 'unterminated_quote', 'a quoted field is not closed', record.raw);
  if (record.raw.includes('\uFFFD'))
    return problem(
      record.line,
      'encoding',
      'the row holds bytes that are not valid in the file’s encoding',
      record.raw,
    );
  if (record.fields.length !== columns)
    return problem(
      record.line,
      'column_count',
      `${record.fields.length} fields where the header has ${columns}`,
      record.raw,
    );
  return undefined;
}

/** Reads a Shadowserver report's rows once its header is known (`shadowserverRows`). */
export type FeedRowReader = (record: CsvRecord) => FeedItem | undefined;

/**
 * The reader of a Shadowserver report's rows, from its header record: or the problem that stops
 * the file (a missing column, an unknown report). Sets `info`'s columns, header and report. The
 * rows of one file may be read by several readers (the import's reading threads) built from the
 * same header.
 */
export function shadowserverRows(
  headerRecord: CsvRecord,
  options: FeedReadOptions,
  info: FeedReadInfo,
): FeedRowReader | { line: number; problem: FeedProblem } {
  const header = headerRecord.fields.map((name) => name.trim().toLowerCase());
  info.columns = header;
  info.header = headerRecord.raw;
  const missing = requiredColumns(header);
  if (missing.length)
    return problem(headerRecord.line, 'missing_column', `the header lacks ${missing.join(', ')}`, headerRecord.raw);
  const report =
    (options.report ? classifyReport(options.report) : undefined) ??
    (options.fileName ? reportFromFileName(options.fileName) : undefined) ??
    reportFromHeader(header);
  if (!report)
    return problem(
      headerRecord.line,
      'unknown_report',
      'the Shadowserver report type is not recognised; name it (--report)',
      headerRecord.raw,
    );
  info.report = report;
  // The first column of a pair wins (ip over src_ip when a report has both).
  const seen = new Set<string>();
  const setters: (FieldSetter | undefined)[] = header.map((column) => {
    const field = SHADOWSERVER_COLUMNS[column];
    if (!field || seen.has(field)) return undefined;
    seen.add(field);
    return fieldSetter(field);
  });
  const extraNames = header.map((column, i) => (setters[i] || SHADOWSERVER_COLUMNS[column] ? undefined : column));
  const tagAt = header.indexOf('tag');
  const infectionAt = header.indexOf('infection');
  const familyAt = header.indexOf('family');
  const applicationAt = header.indexOf('application');
  const tlp = options.tlp ?? 'AMBER';
  const feedName = options.feedName ?? `Shadowserver ${report.name}`;
  const perReport = new Map<string, ReturnType<typeof classify>>();
  return (record) => {
    if (record.raw === '') return undefined;
    const bad = rowProblem(record, header.length);
    if (bad) return bad;
    const fields = record.fields;
    // The classification depends on at most four columns: computed once per distinct value.
    const classKey = `${fields[tagAt] ?? ''}\u0000${fields[infectionAt] ?? ''}\u0000${fields[familyAt] ?? ''}\u0000${fields[applicationAt] ?? ''}`;
    let classification = perReport.get(classKey);
    if (!classification) {
      classification = classify(report, {
        ...(tagAt >= 0 ? { tag: fields[tagAt] } : {}),
        ...(infectionAt >= 0 ? { infection: fields[infectionAt] } : {}),
        ...(familyAt >= 0 ? { family: fields[familyAt] } : {}),
        ...(applicationAt >= 0 ? { application: fields[applicationAt] } : {}),
      });
      if (perReport.size < 10_000) perReport.set(classKey, classification);
    }
    const event: Record<string, unknown> = {
      'time.source': undefined,
      'source.ip': undefined,
      'classification.taxonomy': classification['classification.taxonomy'],
      'classification.type': classification['classification.type'],
      'classification.identifier': classification['classification.identifier'],
      'feed.name': feedName,
      'feed.provider': 'Shadowserver',
      'feed.code': report.name,
      'time.observation': options.observedAt,
      tlp,
    };
    if (classification['malware.name']) event['malware.name'] = classification['malware.name'];
    let extra: Record<string, string> | undefined;
    try {
      for (let i = 0; i < fields.length; i++) {
        const value = fields[i]!;
        if (value === '') continue;
        const setter = setters[i];
        if (setter) setter(event, value);
        else {
          const name = extraNames[i];
          if (name) (extra ??= {})[name] = value;
        }
      }
    } catch (error) {
      if (error instanceof FeedValueError) return problem(record.line, 'bad_value', error.message, record.raw);
      throw error;
    }
    if (extra) event['extra'] = extra;
    if (event['source.ip'] === undefined) delete event['source.ip'];
    const missing = missingRequired(event);
    if (missing) return problem(record.line, 'missing_value', `no ${missing}`, record.raw);
    return { line: record.line, raw: record.raw, event: event as unknown as FeedEvent };
  };
}

async function* readShadowserver(
  text: AsyncIterable<string>,
  options: FeedReadOptions,
  info: FeedReadInfo,
): AsyncGenerator<FeedItem[]> {
  let rows: FeedRowReader | undefined;
  for await (const records of readCsvBatches(text)) {
    const batch: FeedItem[] = [];
    for (const record of records) {
      if (!rows) {
        if (record.raw === '') continue;
        const reader = shadowserverRows(record, options, info);
        if (typeof reader !== 'function') {
          yield [reader];
          return;
        }
        rows = reader;
        continue;
      }
      const item = rows(record);
      if (item) batch.push(item);
    }
    if (batch.length) yield batch;
  }
  if (!rows) yield [problem(1, 'empty', 'the file has no header and no rows')];
}

async function* readGenericCsv(
  text: AsyncIterable<string>,
  options: FeedReadOptions,
  info: FeedReadInfo,
): AsyncGenerator<FeedItem> {
  let header: string[] | undefined;
  let fieldOf: (string | undefined)[] = [];
  for await (const record of readCsvRecords(text)) {
    if (record.raw === '') continue;
    if (!header) {
      header = record.fields.map((name) => name.trim());
      info.columns = header;
      info.header = record.raw;
      fieldOf = header.map((column) => options.mapping?.[column] ?? (isHarmonisedName(column) ? column : undefined));
      if (!fieldOf.some((field) => field === 'source.ip' || field === 'source.url' || field === 'source.fqdn')) {
        yield problem(
          record.line,
          'missing_column',
          'no column maps to source.ip, source.url or source.fqdn',
          record.raw,
        );
        return;
      }
      continue;
    }
    const bad = rowProblem(record, header.length);
    if (bad) {
      yield bad;
      continue;
    }
    const values: Record<string, unknown> = {};
    header.forEach((column, i) => (values[fieldOf[i] ?? `extra.${column}`] = record.fields[i]));
    const built = buildEvent(values, options);
    if ('problem' in built) yield problem(record.line, built.code, built.problem, record.raw);
    else yield { line: record.line, raw: record.raw, event: built.event };
  }
  if (!header) yield problem(1, 'empty', 'the file has no header and no rows');
}

/** JSON Lines (one event object per line, as IntelMQ's file output writes), or one JSON array. */
async function* readJsonEvents(text: AsyncIterable<string>, options: FeedReadOptions): AsyncGenerator<FeedItem> {
  let buffer = '';
  let line = 0;
  let firstText: string | undefined;
  const arrayText: string[] = [];
  for await (const chunk of text) {
    if (firstText === undefined) {
      const trimmed = chunk.trimStart();
      if (trimmed) firstText = trimmed;
    }
    if (firstText?.startsWith('[')) {
      // A JSON array is read whole: the upload limit bounds it (JSON Lines streams).
      arrayText.push(chunk);
      continue;
    }
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      line++;
      const raw = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (raw.trim()) yield jsonItem(raw, line, options);
    }
  }
  if (arrayText.length) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(arrayText.join(''));
    } catch (error) {
      yield problem(1, 'bad_json', `not JSON: ${(error as Error).message}`);
      return;
    }
    if (!Array.isArray(parsed)) return;
    let index = 0;
    for (const item of parsed) {
      index++;
      yield jsonObjectItem(item, JSON.stringify(item), index, options);
    }
    return;
  }
  if (buffer.trim()) yield jsonItem(buffer.replace(/\r$/, ''), line + 1, options);
}

function jsonItem(raw: string, line: number, options: FeedReadOptions): FeedItem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return problem(line, 'bad_json', `not JSON: ${(error as Error).message}`, raw);
  }
  return jsonObjectItem(parsed, raw, line, options);
}

function jsonObjectItem(parsed: unknown, raw: string, line: number, options: FeedReadOptions): FeedItem {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return problem(line, 'bad_json', 'an event must be a JSON object', raw);
  const flat = flatten(parsed as Record<string, unknown>);
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (key === '__type' || key === 'raw') continue;
    const field = options.mapping?.[key] ?? (isHarmonisedName(key) || key.startsWith('extra.') ? key : `extra.${key}`);
    values[field] = value;
  }
  const built = buildEvent(values, options);
  return 'problem' in built ? problem(line, built.code, built.problem, raw) : { line, raw, event: built.event };
}

/** IntelMQ's hierarchical output nests {"source": {"ip": …}}; its default output is flat. */
function flatten(
  object: Record<string, unknown>,
  prefix = '',
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value) && !(prefix === '' && key === 'extra'))
      flatten(value as Record<string, unknown>, name, into);
    else into[name] = value;
  }
  return into;
}

const HARMONISED = new Set<string>([
  'source.ip',
  'source.port',
  'source.asn',
  'source.as_name',
  'source.network',
  'source.geolocation.cc',
  'source.geolocation.region',
  'source.geolocation.city',
  'source.fqdn',
  'source.reverse_dns',
  'source.url',
  'destination.ip',
  'destination.port',
  'destination.asn',
  'destination.fqdn',
  'destination.geolocation.cc',
  'protocol.transport',
  'protocol.application',
  'classification.taxonomy',
  'classification.type',
  'classification.identifier',
  'malware.name',
  'time.source',
  'time.observation',
  'feed.name',
  'feed.provider',
  'feed.code',
  'tlp',
]);

function isHarmonisedName(name: string): boolean {
  return HARMONISED.has(name);
}

/** Builds an event from field → value pairs (generic CSV and JSON), with the options' defaults. */
function buildEvent(
  values: Record<string, unknown>,
  options: FeedReadOptions,
): { event: FeedEvent } | { problem: string; code: string } {
  const event: Record<string, unknown> = {
    'feed.name': options.feedName ?? 'import',
    'time.observation': options.observedAt,
    tlp: options.tlp ?? 'AMBER',
    ...(options.classification
      ? {
          'classification.taxonomy': options.classification.taxonomy,
          'classification.type': options.classification.type,
          'classification.identifier': options.classification.identifier,
        }
      : {}),
  };
  let extra: Record<string, string | number | boolean> | undefined;
  try {
    for (const [field, value] of Object.entries(values)) {
      if (value === undefined || value === null || value === '') continue;
      if (field === 'extra' && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value as Record<string, unknown>))
          (extra ??= {})[key] =
            typeof inner === 'object' ? JSON.stringify(inner) : (inner as string | number | boolean);
        continue;
      }
      if (field.startsWith('extra.')) {
        (extra ??= {})[field.slice(6)] =
          typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
        continue;
      }
      if (typeof value === 'object') throw new FeedValueError(`${field}: expected a single value`);
      setField(event, field, typeof value === 'string' ? value : JSON.stringify(value));
    }
  } catch (error) {
    if (error instanceof FeedValueError) return { problem: error.message, code: 'bad_value' };
    throw error;
  }
  if (extra) event['extra'] = extra;
  if (!event['classification.taxonomy'] && event['classification.type']) event['classification.taxonomy'] = 'other';
  if (!event['classification.identifier'] && event['classification.type'])
    event['classification.identifier'] = event['classification.type'];
  const missing = missingRequired(event);
  if (missing) return { problem: `no ${missing}`, code: 'missing_value' };
  return { event: event as unknown as FeedEvent };
}
