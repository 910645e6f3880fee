/** The append-only, hash-chained audit trail. @module */
import type { Selectable } from 'kysely';

export interface AuditEventTable {
  /** Position in the chain, 1-based, without gaps. */
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  workspace_id: string | null;
  /** SHA-256 of the object's canonical JSON before and after the change (null: none). */
  before_digest: string | null;
  after_digest: string | null;
  /** Free JSON context (never secrets). */
  detail: string | null;
  prev_hash: string;
  hash: string;
}
export type AuditEventRow = Selectable<AuditEventTable>;

/** One row: the chain's head, locked by each writer so the chain stays linear. */
export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  /** The last record archived and removed, and its hash; the chain starts after it (0: none). */
  base_seq: number;
  base_hash: string;
}
