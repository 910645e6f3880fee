/**
 * The Hub's incident model on the wire: the triage taxonomy, statuses, priorities, and the
 * report/incident/observable DTOs.
 *
 * A national PoC CSIRT publishes counts in categories that mix attack type, sector and actor
 * style (phishing site, defacement, malware site, scan, DoS/DDoS, ICS incident, targeted attack,
 * other). We classify on separate axes — RSIT class/type (ENISA Reference Security Incident
 * Taxonomy), target sector, ICS yes/no, targeted yes/no — and derive the national category.
 * @module
 */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

/** RSIT v1 (2023) types, grouped by class. */
export const RSIT_TYPES = {
  'abusive-content': ['spam', 'harmful-speech', 'violence'],
  'malicious-code': ['infected-system', 'c2-server', 'malware-distribution', 'malware-configuration'],
  'information-gathering': ['scanner', 'sniffing', 'social-engineering'],
  'intrusion-attempts': ['ids-alert', 'brute-force', 'exploit'],
  intrusions: [
    'privileged-account-compromise',
    'unprivileged-account-compromise',
    'application-compromise',
    'system-compromise',
    'burglary',
  ],
  availability: ['dos', 'ddos', 'misconfiguration', 'sabotage', 'outage'],
  'information-content-security': [
    'unauthorised-information-access',
    'unauthorised-information-modification',
    'data-loss',
    'data-leak',
  ],
  fraud: ['unauthorised-use-of-resources', 'copyright', 'masquerade', 'phishing'],
  vulnerable: [
    'weak-crypto',
    'ddos-amplifier',
    'potentially-unwanted-accessible',
    'information-disclosure',
    'vulnerable-system',
  ],
  other: ['other', 'undetermined'],
  test: ['test'],
} as const;
export type RsitClass = keyof typeof RSIT_TYPES;
export type RsitType = (typeof RSIT_TYPES)[RsitClass][number];
export const RSIT_TYPE_LIST: RsitType[] = Object.values(RSIT_TYPES).flat();
export const rsitTypeSchema = z.enum(RSIT_TYPE_LIST as [RsitType, ...RsitType[]]);

export function rsitClassOf(type: RsitType): RsitClass {
  for (const [rsitClass, types] of Object.entries(RSIT_TYPES)) {
    if ((types as readonly string[]).includes(type)) return rsitClass as RsitClass;
  }
  return 'other';
}

/** The categories a national PoC CSIRT publishes (JPCERT/CC's quarterly report categories). */
export const NATIONAL_CATEGORIES = [
  'phishing_site',
  'website_defacement',
  'malware_site',
  'scan',
  'dos',
  'ics',
  'targeted_attack',
  'other',
] as const;
export type NationalCategory = (typeof NATIONAL_CATEGORIES)[number];

/** Derives the national category from the axes: ICS and targeted attacks win over the attack type. */
export function nationalCategory(axes: {
  rsitType: RsitType | null;
  isIcs: boolean;
  isTargeted: boolean;
}): NationalCategory {
  if (axes.isIcs) return 'ics';
  if (axes.isTargeted) return 'targeted_attack';
  switch (axes.rsitType) {
    case 'phishing':
    case 'masquerade':
      return 'phishing_site';
    case 'unauthorised-information-modification':
      return 'website_defacement';
    case 'malware-distribution':
    case 'c2-server':
    case 'malware-configuration':
      return 'malware_site';
    case 'scanner':
    case 'sniffing':
    case 'brute-force':
    case 'ids-alert':
      return 'scan';
    case 'dos':
    case 'ddos':
      return 'dos';
    default:
      return 'other';
  }
}

/** Critical-infrastructure and other sectors (Japan's 15 critical-infrastructure sectors plus general ones). */
export const SECTORS = [
  'information_communication',
  'finance',
  'aviation',
  'airport',
  'railway',
  'electricity',
  'gas',
  'government',
  'healthcare',
  'water',
  'logistics',
  'chemical',
  'credit_card',
  'petroleum',
  'port',
  'manufacturing',
  'education',
  'individual',
  'other',
  'unknown',
] as const;
export const sectorSchema = z.enum(SECTORS);

export const INCIDENT_STATUSES = [
  'new',
  'triage',
  'coordinating',
  'waiting',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
/** What the queue shows by default: closed, rejected and duplicate incidents only when asked. */
export const QUEUE_OPEN_STATUSES: readonly IncidentStatus[] = ['new', 'triage', 'coordinating', 'waiting', 'resolved'];
export const QUEUE_STATES = ['open', 'done', 'all'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** Allowed status changes (closed incidents can be reopened into triage). */
export const STATUS_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ['triage', 'rejected', 'duplicate'],
  triage: ['coordinating', 'waiting', 'resolved', 'rejected', 'duplicate'],
  coordinating: ['waiting', 'resolved', 'triage'],
  waiting: ['coordinating', 'resolved', 'triage'],
  resolved: ['closed', 'triage'],
  closed: ['triage'],
  rejected: ['triage'],
  duplicate: ['triage'],
};

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const prioritySchema = z.enum(PRIORITIES);
/** First-response target per priority, in minutes (the SLA timer). */
export const RESPONSE_SLA_MINUTES: Record<Priority, number> = { critical: 60, high: 240, medium: 1440, low: 4320 };

export const REPORT_CHANNELS = ['web', 'api', 'email', 'manual'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/**
 * Whether an observable links incidents: `auto`; `ignored` (a handler: not an indicator);
 * `over_limit` (in too many incidents: stopped linking, waits for review); `kept` (a handler
 * reviewed it: links whatever the limit).
 */
export const OBSERVABLE_CORRELATION = ['auto', 'ignored', 'over_limit', 'kept'] as const;
export type ObservableCorrelation = (typeof OBSERVABLE_CORRELATION)[number];

export const observableDtoSchema = z.object({
  type: z.string(),
  value: z.string(),
  registeredDomain: z.string().nullable(),
  id: z.string().optional(),
  /** Where the incident's reports carried it: link, image, text, header, stylesheet, signature, handler, … */
  sources: z.array(z.string()).optional(),
  /** How it was written, where that differs from `value`. */
  seen: z.array(z.string()).optional(),
  correlation: z.enum(OBSERVABLE_CORRELATION).optional(),
  /** Why it does not link incidents: an exclusion list's name, `not-evidence`, `ignored`, `over_limit`; null when it does. */
  excludedBy: z.string().nullable().optional(),
});
export type ObservableDto = z.infer<typeof observableDtoSchema>;

export const icsDetailsSchema = z.object({
  asset: z.string().max(500).optional(),
  vendor: z.string().max(200).optional(),
  product: z.string().max(200).optional(),
  operationalImpact: z.enum(['none', 'degraded', 'stopped', 'unknown']).optional(),
});

/** A report submitted through the public web form or the API. */
export const submitReportSchema = z.object({
  reporterName: z.string().trim().max(200).optional(),
  reporterEmail: z.email().max(320).optional(),
  reporterOrganization: z.string().trim().max(300).optional(),
  subject: z.string().trim().min(1).max(500),
  body: z.string().min(1).max(200_000),
  language: z.enum(['ja', 'en']).default('ja'),
  isIcs: z.boolean().default(false),
  ics: icsDetailsSchema.optional(),
});
export type SubmitReportInput = z.infer<typeof submitReportSchema>;

/** A report entered by a handler (phone, fax, walk-in) or sent by API: also carries a label. */
export const createReportSchema = submitReportSchema.extend({
  channel: z.enum(['api', 'manual']).default('api'),
  tlp: tlpSchema.default('AMBER'),
  /** Files kept with the report, e.g. the scanned fax page of a manual entry (base64). */
  attachments: z
    .array(
      z.object({
        filename: z.string().trim().min(1).max(255),
        contentType: z.string().max(100).default('application/octet-stream'),
        contentBase64: z
          .string()
          .max(14_000_000)
          .regex(/^[A-Za-z0-9+/=\s]*$/, 'base64'),
      }),
    )
    .max(10)
    .optional(),
});
export type CreateReportInput = z.infer<typeof createReportSchema>;

export const reportReceiptSchema = z.object({ trackingNumber: z.string(), reportId: z.string() });

export const pgpOutcomeSchema = z.object({
  encrypted: z.boolean(),
  signature: z.enum(['none', 'valid', 'invalid', 'unknown-key']),
  /** Fingerprint of the signing key, or its key ID when the key is not in the directory. */
  signer: z.string().nullable(),
  signerUserId: z.string().nullable(),
});
export type PgpOutcomeDto = z.infer<typeof pgpOutcomeSchema>;

export const reportDtoSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  channel: z.enum(REPORT_CHANNELS),
  tlp: tlpSchema,
  subject: z.string(),
  body: z.string(),
  reporterName: z.string().nullable(),
  reporterEmail: z.string().nullable(),
  reporterOrganization: z.string().nullable(),
  /** True when the reader's role may not see who reported (need-to-know). */
  isReporterHidden: z.boolean(),
  messageId: z.string().nullable(),
  /** What OpenPGP protected the report: decrypted with the team key, and whose signature. */
  pgp: pgpOutcomeSchema.nullable(),
  receivedAt: z.string(),
  attachments: z.array(
    z.object({
      id: z.string(),
      filename: z.string().nullable(),
      contentType: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  ),
});
export type ReportDto = z.infer<typeof reportDtoSchema>;

/** The incident timeline besides reports: notes, outgoing messages, recorded state changes. */
export const TIMELINE_ENTRY_KINDS = ['note', 'message', 'event'] as const;
export const timelineEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(TIMELINE_ENTRY_KINDS),
  tlp: tlpSchema,
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  recipients: z.array(z.string()),
  /** Messages: queued → sent | failed. */
  delivery: z.enum(['queued', 'sent', 'failed']).nullable(),
  createdAt: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const incidentSummarySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  trackingNumber: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  priority: prioritySchema,
  category: z.enum(NATIONAL_CATEGORIES),
  rsitType: rsitTypeSchema.nullable(),
  sector: sectorSchema.nullable(),
  isIcs: z.boolean(),
  isTargeted: z.boolean(),
  tlp: tlpSchema,
  assigneeId: z.string().nullable(),
  tags: z.array(z.string()),
  reportCount: z.number(),
  responseDueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The first reporter (name or address), in the queue, for roles with need-to-know; else absent. */
  reporter: z.string().nullable().optional(),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const incidentDetailSchema = incidentSummarySchema.extend({
  reports: z.array(reportDtoSchema),
  entries: z.array(timelineEntrySchema),
  mergedIntoId: z.string().nullable(),
  observables: z.array(observableDtoSchema),
  related: z.array(z.object({ id: z.string(), trackingNumber: z.string(), title: z.string(), reason: z.string() })),
  suggestedCategory: z.enum(NATIONAL_CATEGORIES).nullable(),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const updateIncidentSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  status: incidentStatusSchema.optional(),
  priority: prioritySchema.optional(),
  rsitType: rsitTypeSchema.nullable().optional(),
  sector: sectorSchema.nullable().optional(),
  isIcs: z.boolean().optional(),
  isTargeted: z.boolean().optional(),
  tlp: tlpSchema.optional(),
  assigneeId: z.string().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
});
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;

export const incidentListQuerySchema = z.object({
  status: incidentStatusSchema.optional(),
  category: z.enum(NATIONAL_CATEGORIES).optional(),
  tlp: tlpSchema.optional(),
  /** `open` (default), `done` (closed, rejected, duplicate) or `all`; a `status` given wins. */
  state: z.enum(QUEUE_STATES).default('open'),
  /** A user's id, `me`, or `none` (unassigned). */
  assigneeId: z.string().optional(),
  /** Only incidents whose first-response target falls before this time (SLA due or overdue). */
  dueBefore: z.iso.datetime().optional(),
  observable: z.string().max(2000).optional(),
  q: z.string().max(200).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sort: z.enum(['updated', 'created', 'priority']).default('updated'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  /** Keyset paging: the `X-Next-Cursor` of the previous page (then `offset` is ignored). */
  after: z.string().max(500).optional(),
});

export const createNoteSchema = z.object({
  body: z.string().trim().min(1).max(50_000),
  tlp: tlpSchema.default('AMBER'),
});
export type CreateNoteInput = z.infer<typeof createNoteSchema>;

/** A message from the handler (reply to the reporter, a request to a hosting provider…). */
export const sendMessageSchema = z.object({
  to: z.array(z.string().email()).min(1).max(20),
  subject: z.string().trim().min(1).max(500),
  body: z.string().trim().min(1).max(100_000),
  tlp: tlpSchema.default('AMBER'),
  /** The report being answered: the message threads to it (In-Reply-To). */
  inReplyToReportId: z.string().optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/** `targetId`: the surviving incident's id or tracking number. */
export const mergeIncidentSchema = z.object({ targetId: z.string().min(1).max(100) });
export const splitIncidentSchema = z.object({
  reportIds: z.array(z.string().min(1)).min(1).max(500),
  title: z.string().trim().min(1).max(500).optional(),
});

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;
export const createSavedViewSchema = z.object({
  name: z.string().trim().min(1).max(100),
  query: z.record(z.string().max(50), z.string().max(2000)),
});

export const assigneeSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
});
export type Assignee = z.infer<typeof assigneeSchema>;

/** A key of the OpenPGP directory (the team key included; its private half never leaves the server). */
export const pgpKeySchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  userIds: z.array(z.string()),
  isTeamKey: z.boolean(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  armoredPublic: z.string(),
});
export type PgpKeyDto = z.infer<typeof pgpKeySchema>;

/** A stored message as a handler may view it: headers, text, HTML only after sanitising. */
export const reportMessageViewSchema = z.object({
  reportId: z.string(),
  rawSha256: z.string(),
  size: z.number(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  text: z.string(),
  /** Sanitised: no scripts, no event handlers, no remote content (images, styles, frames). */
  safeHtml: z.string().nullable(),
  forwarded: z.array(
    z.object({
      subject: z.string(),
      from: z.string().nullable(),
      date: z.string().nullable(),
      headers: z.record(z.string(), z.string()),
    }),
  ),
});
export type ReportMessageView = z.infer<typeof reportMessageViewSchema>;
