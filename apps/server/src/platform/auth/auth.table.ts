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
  /** The RFC 6238 time step of the last code accepted: a code is used once. */
  totp_last_step: number | null;
  /** No longer counted (sign-in is throttled per account and source: `login_throttle`). */
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

/** Failed sign-ins per account name and source address; unknown names are counted alike. */
export interface LoginThrottleTable {
  /** As typed, lower-cased: an account that does not exist is throttled the same way. */
  username: string;
  source: string;
  failures: number;
  /** No attempt from this source for this name is examined before then. */
  blocked_until: string | null;
  updated_at: string;
}
export type LoginThrottleRow = Selectable<LoginThrottleTable>;

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
