/**
 * @renkei/feeds — security event feeds read into one harmonised event schema with IntelMQ's
 * field names: Shadowserver CSV reports, IntelMQ event JSON, generic CSV and JSON. Streaming (a
 * feed of any size is read in constant memory), each bad row reported by its line. Pure, no I/O.
 * @module
 */
export { readCsvBatches, readCsvRecords, csvField, type CsvRecord } from './csv-lines.js';
export { decodeFeed, detectEncoding, Utf8Decoder, type FeedEncoding } from './decode.js';
export {
  EVENT_COLUMNS,
  FEED_TLPS,
  TAXONOMIES,
  toIsoTime,
  type FeedEvent,
  type FeedProblem,
  type FeedTlp,
  type Taxonomy,
} from './event.js';
export { canonicalIp, normaliseTlp } from './harmonise.js';
export {
  FEED_FORMATS,
  readFeed,
  readFeedBatches,
  shadowserverRows,
  type FeedFormat,
  type FeedRowReader,
  type FeedItem,
  type FeedRead,
  type FeedReadInfo,
  type FeedReadOptions,
} from './read.js';
export {
  SHADOWSERVER_COLUMNS,
  classifyReport,
  reportFromFileName,
  type ShadowserverFamily,
  type ShadowserverReport,
} from './shadowserver.js';
export { eventKeys, eventCsvLine, eventsCsvHeader, toIntelMqJson, type EventKeyOf } from './events-out.js';
export { EventKeySet, TextSpool } from './event-key-set.js';
export { FeedBlockCutter, lineBreaks } from './feed-blocks.js';
