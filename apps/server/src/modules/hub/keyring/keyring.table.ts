/** The OpenPGP key directory and the team key. @module */
import type { Selectable } from 'kysely';

/** OpenPGP keys: the directory used to verify signatures, and the team key that decrypts. */
export interface PgpKeyTable {
  id: string;
  workspace_id: string;
  fingerprint: string;
  /** JSON array of the key's user IDs. */
  user_ids: string;
  armored_public: string;
  /** The team key only: armored private key, encrypted with the team passphrase (S2K). */
  armored_private: string | null;
  is_team_key: number;
  expires_at: string | null;
  created_by: string | null;
  created_at: string;
}
export type PgpKeyRow = Selectable<PgpKeyTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    pgp_key: PgpKeyTable;
  }
}
