/**
 * Responsible-party resolution (issue 15): for an address, a domain or a URL, who can act on it
 * — the network operator, the hosting provider, the registrar, the national CSIRT — with every
 * fact naming where it came from and how sure it is.
 * @module
 */
import { z } from 'zod';
import type { NationalCategory } from './incidents.js';

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const factSchema = z.object({
  /** prefix, asn, as_name, country, registered_domain, registrar, abuse_email, network_name, … */
  name: z.string(),
  value: z.string(),
  /** "ip-location-db asn 2026-06-17 (packaged)", "RDAP https://rdap.apnic.net/ip/…", "directory: Example Hosting" */
  source: z.string(),
  confidence: z.enum(CONFIDENCES),
});
export type Fact = z.infer<typeof factSchema>;

export const PARTY_ROLES = [
  'reporter',
  'victim',
  'hosting_provider',
  'network_operator',
  'registrar',
  'registry',
  'isp',
  'brand_owner',
  'national_csirt',
  'constituency',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const partyProposalSchema = z.object({
  role: z.enum(PARTY_ROLES),
  name: z.string(),
  /** The directory entry, when the party is in the directory. */
  organisationId: z.string().nullable(),
  emails: z.array(z.string()),
  languages: z.array(z.string()),
  /** Why this party, in words. */
  reason: z.string(),
  evidence: z.array(factSchema),
  confidence: z.enum(CONFIDENCES),
});
export type PartyProposal = z.infer<typeof partyProposalSchema>;

export const resolutionSchema = z.object({
  query: z.string(),
  kind: z.enum(['ip', 'domain', 'url']),
  facts: z.array(factSchema),
  /** Whom to contact, first first (by incident category: content → hosting and registrar; device → network operator). */
  parties: z.array(partyProposalSchema),
  warnings: z.array(z.string()),
});
export type Resolution = z.infer<typeof resolutionSchema>;

/**
 * National categories whose fix is on a web site (content: ask the hosting provider and the
 * registrar) rather than on a device (ask the network operator).
 */
export const CONTENT_CATEGORIES: readonly NationalCategory[] = ['phishing_site', 'website_defacement', 'malware_site'];
