/** Tables of accounts, sessions and API tokens. Times are ISO-8601 UTC text (see ADR 0002). @module */
import type { Insertable, Selectable, Updateable } from 'kysely';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  locale: string;
  /** argon2id PHC string. */
  password_hash: string;
  /** 1 = may administer the whole installation (workspaces, users). */
  is_system_admin: number;
  totp_secret: string | null;
  totp_enabled: number;
  failed_logins: number;
  locked_until: string | null;
  must_change_password: number;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UserTable>;
export type InsertableUserRow = Insertable<UserTable>;
export type UpdateableUserRow = Updateable<UserTable>;

export interface SessionTable {
  /** SHA-256 of the cookie value: a database leak does not leak live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}
export type SessionRow = Selectable<SessionTable>;

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** First characters of the token, shown to tell tokens apart. */
  prefix: string;
  token_hash: string;
  /** JSON array of scopes. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}
export type ApiTokenRow = Selectable<ApiTokenTable>;
