/**
 * Bulk notification from data feeds (issue 15): a feed file (Shadowserver, IntelMQ, generic CSV
 * or JSON) read into harmonised events, grouped per responsible party, and turned into one
 * notification per party with a CSV of its events — previewed before anything is sent.
 * @module
 */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

export const FEED_FORMAT_NAMES = ['shadowserver', 'intelmq', 'csv', 'json'] as const;
/** reading → contacts (abuse addresses of AS parties looked up) → ready → sending → sent; or failed. */
export const FEED_IMPORT_STATUSES = ['reading', 'contacts', 'ready', 'sending', 'sent', 'failed'] as const;
export const FEED_PARTY_STATUSES = ['draft', 'no_contact', 'withheld', 'queued', 'sent', 'failed'] as const;

export const feedStageSchema = z.object({
  /** read | enrich | store | group | render */
  stage: z.string(),
  count: z.number(),
  seconds: z.number(),
  /** count / seconds */
  rate: z.number(),
});
export type FeedStage = z.infer<typeof feedStageSchema>;

export const feedCountsSchema = z.object({
  /** Data rows read (header excluded). */
  rows: z.number(),
  /** Events stored (after de-duplication). */
  events: z.number(),
  duplicates: z.number(),
  problems: z.number(),
  parties: z.number(),
  /** Parties with no address to send to (not in the directory). */
  withoutContact: z.number(),
});

export const feedImportSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  format: z.enum(FEED_FORMAT_NAMES),
  report: z.string().nullable(),
  fileName: z.string().nullable(),
  encoding: z.string().nullable(),
  tlp: tlpSchema,
  status: z.enum(FEED_IMPORT_STATUSES),
  counts: feedCountsSchema,
  stages: z.array(feedStageSchema),
  /** The earliest and latest time.source of its events: the period the notifications cover. */
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** While a long stage runs: what it has done of how much (rows have no total while read). */
  progress: z.object({ stage: z.string(), done: z.number(), total: z.number().nullable() }).nullable(),
});
export type FeedImport = z.infer<typeof feedImportSchema>;

export const feedPartySchema = z.object({
  partyKey: z.string(),
  /** The directory entry that owns these events (its constituency matched), if any. */
  organisationId: z.string().nullable(),
  name: z.string(),
  recipients: z.array(z.string()),
  /** `directory`, or `RDAP <url>` for an AS's abuse contact; null when there is no address. */
  recipientsSource: z.string().nullable(),
  /** Why there is no address (offline, not found, no answer in time). */
  contactNote: z.string().nullable(),
  country: z.string().nullable(),
  language: z.enum(['ja', 'en']),
  events: z.number(),
  status: z.enum(FEED_PARTY_STATUSES),
  outboundMessageId: z.string().nullable(),
});
export type FeedParty = z.infer<typeof feedPartySchema>;

export const feedProblemSchema = z.object({
  line: z.number(),
  code: z.string(),
  message: z.string(),
  excerpt: z.string().nullable(),
});
export type FeedProblemDto = z.infer<typeof feedProblemSchema>;

export const feedDetailSchema = feedImportSchema.extend({
  parties: z.array(feedPartySchema),
  /** The first problems (all are counted). */
  problems: z.array(feedProblemSchema),
});
export type FeedDetail = z.infer<typeof feedDetailSchema>;

/** Exactly what would leave for one party: the message and its attachment. */
export const feedNotificationPreviewSchema = z.object({
  partyKey: z.string(),
  recipients: z.array(z.string()),
  language: z.enum(['ja', 'en']),
  tlp: tlpSchema,
  subject: z.string(),
  body: z.string(),
  attachmentName: z.string(),
  /** The attachment's first lines (the whole file is at …/events.csv). */
  attachmentHead: z.string(),
  attachmentLines: z.number(),
});
export type FeedNotificationPreview = z.infer<typeof feedNotificationPreviewSchema>;

export const feedSendResultSchema = z.object({ queued: z.number(), withoutContact: z.number(), withheld: z.number() });
