/** Inbound mail, stored raw before the sender is told it was accepted; also the quarantine. @module */
import type { Selectable } from 'kysely';

export interface InboundMailTable {
  id: string;
  workspace_id: string;
  source: string;
  raw_sha256: string;
  size: number;
  envelope_from: string | null;
  envelope_to: string;
  /** received → processed | quarantined | deleted */
  status: string;
  reason: string | null;
  report_id: string | null;
  received_at: string;
  updated_at: string;
}
export type InboundMailRow = Selectable<InboundMailTable>;

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
