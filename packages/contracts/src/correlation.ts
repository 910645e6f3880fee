/**
 * Correlation exclusion lists (MISP warninglist format) and handler curation of observables
 * (issue 17): what does not glue reports into one incident.
 * @module
 */
import { z } from 'zod';
import { OBSERVABLE_CORRELATION } from './incidents.js';

export const EXCLUSION_MATCH_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;
export type ExclusionMatchType = (typeof EXCLUSION_MATCH_TYPES)[number];

/** The workspace's own list, edited entry by entry in the UI. */
export const WORKSPACE_LIST_NAME = 'workspace';

export const exclusionEntrySchema = z.object({ id: z.string(), matchType: z.string(), value: z.string() });

export const exclusionListSchema = z.object({
  name: z.string(),
  /** `builtin` (always on), `warninglist` (imported), `workspace` (the workspace's own). */
  kind: z.enum(['builtin', 'warninglist', 'workspace']),
  description: z.string().nullable(),
  version: z.number().nullable(),
  matchingAttributes: z.array(z.string()).nullable(),
  size: z.number(),
  /** The entries (the first 500 of an imported list). */
  entries: z.array(exclusionEntrySchema),
});
export type ExclusionList = z.infer<typeof exclusionListSchema>;

export const correlationSettingsSchema = z.object({
  /** An observable in more incidents than this stops linking and is flagged for review. */
  overCorrelationLimit: z.number(),
  lists: z.array(exclusionListSchema),
});
export type CorrelationSettings = z.infer<typeof correlationSettingsSchema>;

export const addExclusionSchema = z.object({
  matchType: z.enum(EXCLUSION_MATCH_TYPES),
  value: z.string().trim().min(1).max(2000),
});
export type AddExclusionInput = z.infer<typeof addExclusionSchema>;

export const importedWarninglistSchema = z.object({ name: z.string(), size: z.number(), replaced: z.number() });

/** A handler's decision on an observable, for the whole workspace. */
export const setObservableCorrelationSchema = z.object({ correlation: z.enum(['auto', 'ignored', 'kept']) });

/** The observable types a handler may add by hand. */
export const OBSERVABLE_TYPES_FOR_INPUT = [
  'url',
  'domain',
  'ipv4',
  'ipv6',
  'email',
  'md5',
  'sha1',
  'sha256',
  'cve',
  'asn',
] as const;

/** A handler adds an observable to an incident by hand. */
export const addIncidentObservableSchema = z.object({
  type: z.enum(OBSERVABLE_TYPES_FOR_INPUT),
  value: z.string().trim().min(1).max(4000),
});
export type AddIncidentObservableInput = z.infer<typeof addIncidentObservableSchema>;

/** An observable waiting for review (over the limit) or ignored, with how many incidents (readable to you) hold it. */
export const reviewObservableSchema = z.object({
  id: z.string(),
  type: z.string(),
  value: z.string(),
  correlation: z.enum(OBSERVABLE_CORRELATION),
  incidentCount: z.number(),
  lastSeenAt: z.string(),
  changedAt: z.string().nullable(),
});
export type ReviewObservable = z.infer<typeof reviewObservableSchema>;
