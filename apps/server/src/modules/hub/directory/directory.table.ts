/** Tables of hub/directory: organisations, their people and their constituency. @module */
import type { Selectable } from 'kysely';
import type { Tlp } from '@renkei/contracts';

export interface DirectoryOrganisationTable {
  id: string;
  workspace_id: string;
  name: string;
  local_name: string | null;
  kind: string;
  country: string | null;
  /** JSON array of BCP 47 tags, preferred first. */
  languages: string;
  time_zone: string | null;
  /** JSON array of { address, purpose }. */
  emails: string;
  /** JSON array: FIRST, APCERT, IWWN, MOU, … */
  memberships: string;
  trust_level: string;
  website: string | null;
  notes: string | null;
  tlp: Tlp;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type DirectoryOrganisationRow = Selectable<DirectoryOrganisationTable>;

export interface DirectoryContactTable {
  id: string;
  organisation_id: string;
  name: string;
  email: string | null;
  role: string | null;
  languages: string;
}
export type DirectoryContactRow = Selectable<DirectoryContactTable>;

/** What an organisation answers for: a network, an AS, a domain, a country, a sector. */
export interface DirectoryConstituencyTable {
  id: string;
  organisation_id: string;
  workspace_id: string;
  kind: string;
  /** Normalised: CIDR as network/length, ASN as digits, domain lower-case ASCII, country upper case. */
  value: string;
}
export type DirectoryConstituencyRow = Selectable<DirectoryConstituencyTable>;

declare module '../../../platform/index.js' {
  interface Database {
    directory_organisation: DirectoryOrganisationTable;
    directory_contact: DirectoryContactTable;
    directory_constituency: DirectoryConstituencyTable;
  }
}
