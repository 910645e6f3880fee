/** Queries on users, sessions and API tokens. @module */
import type { Db } from '../db/database.js';
import type {
  ApiTokenRow,
  InsertableUserRow,
  LoginThrottleRow,
  SessionRow,
  UpdateableUserRow,
  UserRow,
} from './auth.table.js';

export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('user_account').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Display names of accounts by id (ids without an account are absent). */
export async function displayNamesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('user_account').selectAll().orderBy('username').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('user_account')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertUser(db: Db, row: InsertableUserRow): Promise<void> {
  await db.insertInto('user_account').values(row).execute();
}

export async function updateUser(db: Db, id: string, changes: UpdateableUserRow): Promise<void> {
  await db.updateTable('user_account').set(changes).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

export function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: lastSeenAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(db: Db, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_token').values(row).execute();
}

export function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listApiTokensOfUser(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_token').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function updateApiToken(
  db: Db,
  id: string,
  changes: Partial<Pick<ApiTokenRow, 'last_used_at' | 'revoked_at'>>,
): Promise<void> {
  await db.updateTable('api_token').set(changes).where('id', '=', id).execute();
}

export function findLoginThrottle(db: Db, username: string, source: string): Promise<LoginThrottleRow | undefined> {
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where('username', '=', username)
    .where('source', '=', source)
    .executeTakeFirst();
}

export async function saveLoginThrottle(db: Db, row: LoginThrottleRow): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['username', 'source']).doUpdateSet({
        failures: row.failures,
        blocked_until: row.blocked_until,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Names whose sign-in is being delayed now from some address (what an administrator sees as "locked"). */
export async function throttledUsernames(db: Db, now: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('username')
    .distinct()
    .where('blocked_until', '>', now)
    .execute();
  return new Set(rows.map((row) => row.username));
}

/** Forgets the failures of a name: from one source (a success there) or all (an administrator's unlock). */
export async function clearLoginThrottle(db: Db, username: string, source?: string): Promise<void> {
  let query = db.deleteFrom('login_throttle').where('username', '=', username);
  if (source !== undefined) query = query.where('source', '=', source);
  await query.execute();
}

/** Accepts a TOTP time step only if it is later than the last one used (atomic: two logins cannot share a code). */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_account')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every live API token of a user (an administrator's password reset). */
export async function revokeTokensOfUser(db: Db, userId: string, at: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends a user's sessions except one (their own, when they change their password). */
export async function deleteOtherSessionsOfUser(db: Db, userId: string, keepIdHash: string | undefined): Promise<void> {
  let query = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
  await query.execute();
}
