/**
 * The directory of organisations and people a CSIRT coordinates with (issue 15): national and
 * sector CSIRTs, hosting providers, registrars, ISPs, vendors; their addresses, languages, keys,
 * relationships and constituency (the networks, AS numbers, domains and countries they answer for).
 * @module
 */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

export const ORGANISATION_KINDS = [
  'national_csirt',
  'sector_csirt',
  'hosting_provider',
  'registrar',
  'registry',
  'isp',
  'vendor',
  'ics_vendor',
  'government',
  'reporter_organisation',
  'brand_owner',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** How far the team trusts a party with what it shares (TI's listed/accredited/certified, MOU). */
export const TRUST_LEVELS = ['unverified', 'basic', 'trusted', 'partner'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export const EMAIL_PURPOSES = ['abuse', 'security', 'general', 'notification'] as const;

export const CONSTITUENCY_KINDS = ['cidr', 'asn', 'domain', 'country', 'sector'] as const;
export type ConstituencyKind = (typeof CONSTITUENCY_KINDS)[number];

const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as ja or en');
const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
  .transform((value) => value.toUpperCase());

export const organisationEmailSchema = z.object({
  address: z.string().trim().email().max(320),
  purpose: z.enum(EMAIL_PURPOSES).default('general'),
});

export const constituencyEntrySchema = z.object({
  kind: z.enum(CONSTITUENCY_KINDS),
  value: z.string().trim().min(1).max(200),
});
export type ConstituencyEntry = z.infer<typeof constituencyEntrySchema>;

export const contactInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(320).nullish(),
  role: z.string().trim().max(100).nullish(),
  languages: z.array(languageSchema).max(10).default([]),
});

export const organisationInputSchema = z.object({
  name: z.string().trim().min(1).max(300),
  /** The name in the party's own script (日本語の正式名称). */
  localName: z.string().trim().max(300).nullish(),
  kind: z.enum(ORGANISATION_KINDS),
  country: countrySchema.nullish(),
  languages: z.array(languageSchema).max(10).default([]),
  timeZone: z.string().trim().max(64).nullish(),
  emails: z.array(organisationEmailSchema).max(20).default([]),
  /** FIRST, APCERT, IWWN, TF-CSIRT, MOU, … */
  memberships: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  trustLevel: z.enum(TRUST_LEVELS).default('unverified'),
  website: z.string().trim().url().max(500).nullish(),
  notes: z.string().max(10_000).nullish(),
  tlp: tlpSchema.default('AMBER'),
  constituency: z.array(constituencyEntrySchema).max(10_000).default([]),
  contacts: z.array(contactInputSchema).max(100).default([]),
});
export type OrganisationInput = z.input<typeof organisationInputSchema>;
export type OrganisationInputParsed = z.output<typeof organisationInputSchema>;

export const directoryKeySchema = z.object({
  fingerprint: z.string(),
  userIds: z.array(z.string()),
  expiresAt: z.string().nullable(),
  /** ok | expiring (within 30 days) | expired */
  state: z.enum(['ok', 'expiring', 'expired']),
});
export type DirectoryKey = z.infer<typeof directoryKeySchema>;

export const organisationSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  localName: z.string().nullable(),
  kind: z.enum(ORGANISATION_KINDS),
  country: z.string().nullable(),
  languages: z.array(z.string()),
  timeZone: z.string().nullable(),
  emails: z.array(z.object({ address: z.string(), purpose: z.enum(EMAIL_PURPOSES) })),
  memberships: z.array(z.string()),
  trustLevel: z.enum(TRUST_LEVELS),
  website: z.string().nullable(),
  notes: z.string().nullable(),
  tlp: tlpSchema,
  constituency: z.array(constituencyEntrySchema),
  contacts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      role: z.string().nullable(),
      languages: z.array(z.string()),
    }),
  ),
  /** OpenPGP keys in the workspace key directory for this party's addresses. */
  keys: z.array(directoryKeySchema),
  /** The latest delivery failures of its addresses (bounces of our messages), on the single record only. */
  bounces: z
    .array(
      z.object({
        recipient: z.string(),
        action: z.string(),
        status: z.string().nullable(),
        diagnostic: z.string().nullable(),
        receivedAt: z.string(),
      }),
    )
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const organisationSummarySchema = organisationSchema.pick({
  id: true,
  name: true,
  localName: true,
  kind: true,
  country: true,
  languages: true,
  trustLevel: true,
  tlp: true,
  updatedAt: true,
});
export type OrganisationSummary = z.infer<typeof organisationSummarySchema>;

export const directoryImportResultSchema = z.object({
  created: z.number(),
  updated: z.number(),
  /** Rows that were not imported, each with its line (CSV) or index (JSON) and why. */
  rejected: z.array(z.object({ row: z.number(), name: z.string().nullable(), problems: z.array(z.string()) })),
  keysImported: z.number(),
});
export type DirectoryImportResult = z.infer<typeof directoryImportResultSchema>;
