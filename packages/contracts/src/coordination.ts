/**
 * Coordination (issue 15): an incident has one thread per counterparty — the hosting provider,
 * the registrar, the network operator, a foreign CSIRT, the reporter — each with its request,
 * its messages and replies, its status and its follow-up; and, for a malicious URL, a takedown
 * monitor that records when the site went down.
 * @module
 */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';
import { factSchema, PARTY_ROLES, resolutionSchema } from './resolver.js';

export const REQUEST_KINDS = ['takedown', 'notification', 'information'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** planned → sent → acknowledged → action_taken → resolved; or no_response (after the last reminder); or cancelled. */
export const THREAD_STATUSES = [
  'planned',
  'sent',
  'acknowledged',
  'action_taken',
  'resolved',
  'no_response',
  'cancelled',
] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/**
 * Who receives a message, for TLP: named people of the party; the party organisation (its own
 * addresses or domain); a community (several organisations); the public.
 */
export const RECIPIENT_KINDS = ['person', 'organisation', 'community', 'public'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export const threadInputSchema = z.object({
  role: z.enum(PARTY_ROLES),
  request: z.enum(REQUEST_KINDS),
  /** The directory entry of the party, when it has one (its language, key, people, domain). */
  organisationId: z.string().max(100).nullish(),
  partyName: z.string().trim().min(1).max(300),
  recipients: z.array(z.string().trim().email().max(320)).min(1).max(20),
  /** Default: the party's first language in the directory, else English. */
  language: z.enum(['ja', 'en']).nullish(),
  /** The label of what the messages share. */
  tlp: tlpSchema,
  /** What the request is about: a URL, an address, a domain of the incident. */
  target: z.string().trim().max(2000).nullish(),
  /** The victim agreed to be named to this party: their identity is not removed. */
  victimConsent: z.boolean().default(false),
  /** Days the party has to answer before the first reminder. */
  dueInDays: z.number().int().min(1).max(60).default(3),
  /** The handler's own words, added to the request (Markdown). */
  note: z.string().max(20_000).nullish(),
  /** The facts that made this party responsible (from the resolver), kept with the thread. */
  evidence: z.array(factSchema).max(50).default([]),
});
export type ThreadInput = z.input<typeof threadInputSchema>;

export const threadStatusInputSchema = z.object({
  status: z.enum(['acknowledged', 'action_taken', 'resolved', 'cancelled']),
  note: z.string().max(5000).nullish(),
});

export const threadMessageSchema = z.object({
  id: z.string(),
  /** request | reminder | escalation */
  kind: z.string(),
  subject: z.string(),
  messageId: z.string(),
  delivery: z.enum(['queued', 'sent', 'failed']).nullable(),
  protection: z.enum(['none', 'signed', 'signed+encrypted']).nullable(),
  createdAt: z.string(),
  /** Delivery status notifications received for it (RFC 3464): who it failed or was delayed for. */
  bounces: z.array(
    z.object({
      /** Null for readers without reporter.read. */
      recipient: z.string().nullable(),
      action: z.string(),
      status: z.string().nullable(),
      diagnostic: z.string().nullable(),
      receivedAt: z.string(),
    }),
  ),
});

export const threadReplySchema = z.object({
  reportId: z.string(),
  /** Null for readers without reporter.read (identities are need-to-know). */
  from: z.string().nullable(),
  receivedAt: z.string(),
});

export const coordinationThreadSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  role: z.enum(PARTY_ROLES),
  request: z.enum(REQUEST_KINDS),
  organisationId: z.string().nullable(),
  partyName: z.string(),
  /** Null for readers without reporter.read. */
  recipients: z.array(z.string()).nullable(),
  recipientKind: z.enum(RECIPIENT_KINDS),
  language: z.enum(['ja', 'en']),
  tlp: tlpSchema,
  target: z.string().nullable(),
  victimConsent: z.boolean(),
  status: z.enum(THREAD_STATUSES),
  dueAt: z.string().nullable(),
  remindersSent: z.number().int(),
  /** The thread this one escalates (no answer there). */
  escalatedFrom: z.string().nullable(),
  evidence: z.array(factSchema),
  note: z.string().nullable(),
  messages: z.array(threadMessageSchema),
  replies: z.array(threadReplySchema),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  actionAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type CoordinationThread = z.infer<typeof coordinationThreadSchema>;

export const sharingProblemSchema = z.object({ code: z.string(), message: z.string() });

/** Exactly what would leave: the message, who gets it, how it is protected, what was removed. */
export const threadPreviewSchema = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  recipients: z.array(z.string()),
  recipientKind: z.enum(RECIPIENT_KINDS),
  tlp: tlpSchema,
  /** signed+encrypted when every recipient has a valid key, signed with a team key, none otherwise. */
  protection: z.enum(['none', 'signed', 'signed+encrypted']),
  /** How many times each kind of victim identity was removed. */
  redactions: z.array(z.object({ kind: z.string(), count: z.number().int() })),
  /** Why it cannot be sent as it is (TLP against recipients); empty when it can. */
  problems: z.array(sharingProblemSchema),
});
export type ThreadPreview = z.infer<typeof threadPreviewSchema>;

export const TAKEDOWN_STATES = ['unknown', 'up', 'down'] as const;

export const takedownTargetInputSchema = z.object({ url: z.string().trim().url().max(2000) });

export const takedownTargetSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  url: z.string(),
  state: z.enum(TAKEDOWN_STATES),
  /** When the incident was reported: days to takedown count from here. */
  reportedAt: z.string(),
  downAt: z.string().nullable(),
  daysToTakedown: z.number().nullable(),
  checks: z.number().int(),
  lastCheckedAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastFinalUrl: z.string().nullable(),
  lastContentHash: z.string().nullable(),
  /** The content differs from the first check that saw the site up (a suspension page, a cleaned site). */
  contentChanged: z.boolean(),
  lastError: z.string().nullable(),
  monitoring: z.boolean(),
});
export type TakedownTarget = z.infer<typeof takedownTargetSchema>;

export const coordinationPanelSchema = z.object({
  threads: z.array(coordinationThreadSchema),
  targets: z.array(takedownTargetSchema),
  /** The earliest follow-up due among open threads. */
  nextFollowUpAt: z.string().nullable(),
});
export type CoordinationPanel = z.infer<typeof coordinationPanelSchema>;

export const coordinationProposalsSchema = z.array(
  z.object({ observable: z.string(), type: z.string(), resolution: resolutionSchema }),
);
export type CoordinationProposals = z.infer<typeof coordinationProposalsSchema>;

export const takedownStatisticsSchema = z.object({
  categories: z.array(
    z.object({
      category: z.string(),
      targets: z.number().int(),
      down: z.number().int(),
      medianDays: z.number().nullable(),
      meanDays: z.number().nullable(),
    }),
  ),
});
export type TakedownStatistics = z.infer<typeof takedownStatisticsSchema>;
