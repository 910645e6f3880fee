/**
 * Accounts, sign-in and credentials: argon2id passwords with lockout, database-backed sessions
 * with a CSRF token each, TOTP second factor, and scoped, revocable personal API tokens.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type {
  ApiTokenDto,
  CreateApiTokenInput,
  CreateUserInput,
  CurrentUser,
  Locale,
  TokenScope,
} from '@renkei/contracts';
import type { Kysely } from 'kysely';
import { listMembershipsOfUser } from '../access/access.repository.js';
import type { Actor, Membership } from '../access/policy.js';
import { onAuditRecorded, recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import * as repository from './auth.repository.js';
import type { ApiTokenRow, UserRow } from './auth.table.js';
import { generatePassword, hashPassword, hashSecret, randomSecret, verifyPassword } from './secrets.js';
import { createTotpSecret, totpStep, totpUri } from './totp.js';

const API_TOKEN_PREFIX = 'rk_';

/**
 * Resolved credentials (session or token hash → actor), kept briefly so that a burst of API
 * calls does not re-read the same user, token and memberships each time. Any audited change to
 * accounts, tokens, sessions or memberships made by this process clears it at once; another
 * process sees such a change within `CREDENTIAL_CACHE_MS` (see docs/decisions/0003).
 */
const CREDENTIAL_CACHE_MS = 2000;
const credentialCache = new Map<string, { value: unknown; expiresAt: number }>();
const AUTH_OBJECT_TYPES = new Set(['user', 'api_token', 'membership', 'workspace']);
/** Bumped at every clear: a load that began before a change must not cache what it read. */
let cacheGeneration = 0;
onAuditRecorded((entry) => {
  if (AUTH_OBJECT_TYPES.has(entry.objectType)) {
    credentialCache.clear();
    cacheGeneration += 1;
  }
});

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = credentialCache.get(key);
  if (hit && hit.expiresAt > now) return hit.value as T;
  const generation = cacheGeneration;
  const value = await load();
  if (credentialCache.size > 10_000) credentialCache.clear();
  // A token revoked while this load ran is read fresh next time, not served stale for a while.
  if (generation === cacheGeneration) credentialCache.set(key, { value, expiresAt: now + CREDENTIAL_CACHE_MS });
  return value;
}

/** Public view of a user (never the hash or TOTP secret). */
export function toCurrentUser(
  user: UserRow,
  memberships: Awaited<ReturnType<typeof listMembershipsOfUser>>,
): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    locale: user.locale as Locale,
    isSystemAdmin: user.is_system_admin === 1,
    hasTotp: user.totp_enabled === 1,
    mustChangePassword: user.must_change_password === 1,
    memberships,
  };
}

export async function loadActor(
  db: Kysely<Database>,
  user: UserRow,
  tokenScopes?: readonly TokenScope[],
): Promise<Actor> {
  const memberships = await listMembershipsOfUser(db, user.id);
  return {
    userId: user.id,
    username: user.username,
    isSystemAdmin: user.is_system_admin === 1,
    memberships: new Map<string, Membership>(
      memberships.map((m) => [m.workspaceId, { role: m.role, clearance: m.clearance }]),
    ),
    ...(tokenScopes ? { tokenScopes } : {}),
  };
}

/**
 * The actor as the database says now: for long-lived reads (event streams) that must stop when
 * the user is disabled or loses a membership. Undefined when the user may no longer act.
 */
export async function reloadActor(ctx: AppContext, actor: Actor): Promise<Actor | undefined> {
  const user = await repository.findUserById(ctx.db, actor.userId);
  if (!user || user.disabled_at) return undefined;
  return loadActor(ctx.db, user, actor.tokenScopes);
}

function passwordCost(ctx: AppContext) {
  return { memoryKib: ctx.config.argon2MemoryKib, timeCost: ctx.config.argon2TimeCost };
}

// A hash to verify against when the user does not exist, so timing does not reveal usernames.
let decoyHash: Promise<string> | undefined;

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
  ip: string;
}

export interface LoginResult {
  sessionId: string;
  csrfToken: string;
  user: UserRow;
}

/**
 * Signs in. Failures are throttled per account name and source address with an exponentially
 * growing delay (OWASP ASVS 2.2.1) instead of locking the account: nobody can lock another user
 * out, and a name that does not exist is answered and counted exactly like one that does.
 */
export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const now = new Date();
  const username = input.username.toLowerCase();
  const throttle = await repository.findLoginThrottle(ctx.db, username, input.ip);
  if (throttle?.blocked_until && throttle.blocked_until > nowIso(now)) throw throttled(throttle.blocked_until, now);
  const user = await repository.findUserByUsername(ctx.db, username);
  if (!user || user.disabled_at) {
    decoyHash ??= hashPassword(randomSecret(), passwordCost(ctx));
    await verifyPassword(await decoyHash, input.password);
    await recordFailedLogin(ctx, username, input.ip, null);
    throw new AppError('AUTH_INVALID_CREDENTIALS', 'Wrong username or password');
  }
  const isPasswordRight = await verifyPassword(user.password_hash, input.password);
  if (!isPasswordRight) {
    await recordFailedLogin(ctx, username, input.ip, user.id);
    throw new AppError('AUTH_INVALID_CREDENTIALS', 'Wrong username or password');
  }
  if (user.totp_enabled === 1) {
    // A right password without its code counts as an attempt: it must not be a free password oracle.
    if (!input.totpCode) {
      await recordFailedLogin(ctx, username, input.ip, user.id);
      throw new AppError('AUTH_TOTP_REQUIRED', 'A TOTP code is required');
    }
    const step = user.totp_secret === null ? undefined : totpStep(user.totp_secret, input.totpCode, now.getTime());
    if (step === undefined || !(await repository.claimTotpStep(ctx.db, user.id, step))) {
      await recordFailedLogin(ctx, username, input.ip, user.id);
      throw new AppError('AUTH_TOTP_INVALID', 'The TOTP code is wrong');
    }
  }
  await repository.clearLoginThrottle(ctx.db, username, input.ip);
  return startSession(ctx, user, { ip: input.ip, via: 'password' });
}

/**
 * Opens a session for a user who has proved who they are (a password, or a module's one-time
 * sign-in code), in `db` when given (the caller's transaction). Audited with how they signed in.
 */
export async function startSession(
  ctx: AppContext,
  user: UserRow,
  how: { ip: string; via: string },
  db: Kysely<Database> = ctx.db,
): Promise<LoginResult> {
  const now = new Date();
  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  await repository.insertSession(db, {
    id_hash: hashSecret(sessionId),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: nowIso(now),
    expires_at: nowIso(new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000)),
    last_seen_at: nowIso(now),
  });
  await recordAudit(db, {
    actorId: user.id,
    action: 'session.create',
    objectType: 'user',
    objectId: user.id,
    workspaceId: null,
    detail: { ip: how.ip, ...(how.via === 'password' ? {} : { via: how.via }) },
  });
  return { sessionId, csrfToken, user };
}

/** Longest wait between attempts once a name is throttled from a source. */
const MAX_THROTTLE_SECONDS = 15 * 60;

function throttled(blockedUntil: string, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(blockedUntil) - now.getTime()) / 1000));
  return new AppError('AUTH_THROTTLED', `Too many failed sign-ins: try again in ${seconds} s`, undefined, {
    retryAfterSeconds: seconds,
  });
}

/**
 * Counts a failure for this name from this source; from the threshold on, each further failure
 * doubles the wait before the next attempt is examined (1 s, 2 s, 4 s, … up to 15 minutes).
 */
async function recordFailedLogin(ctx: AppContext, username: string, ip: string, userId: string | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const failures = ((await repository.findLoginThrottle(trx, username, ip))?.failures ?? 0) + 1;
    const excess = failures - ctx.config.lockoutThreshold;
    const waitSeconds = excess < 0 ? 0 : Math.min(2 ** excess, MAX_THROTTLE_SECONDS);
    await repository.saveLoginThrottle(trx, {
      username,
      source: ip,
      failures,
      blocked_until: waitSeconds > 0 ? nowIso(new Date(now.getTime() + waitSeconds * 1000)) : null,
      updated_at: nowIso(now),
    });
    await recordAudit(trx, {
      actorId: null,
      action: waitSeconds > 0 ? 'session.throttle' : 'session.fail',
      objectType: 'user',
      objectId: userId ?? `unknown:${username}`,
      workspaceId: null,
      detail: { ip, failures, waitSeconds },
    });
  });
}

export interface SessionAuthentication {
  actor: Actor;
  csrfToken: string;
  sessionIdHash: string;
  mustChangePassword: boolean;
}

/** Resolves a session cookie to its actor; undefined when missing, expired or the user is disabled. */
export function authenticateSession(ctx: AppContext, sessionId: string): Promise<SessionAuthentication | undefined> {
  const idHash = hashSecret(sessionId);
  return cached(`session:${idHash}`, () => loadSession(ctx, idHash));
}

async function loadSession(ctx: AppContext, idHash: string): Promise<SessionAuthentication | undefined> {
  const session = await repository.findSession(ctx.db, idHash);
  const now = nowIso();
  if (!session || session.expires_at <= now) return undefined;
  const user = await repository.findUserById(ctx.db, session.user_id);
  if (!user || user.disabled_at) return undefined;
  // Write last-seen at most once a minute: reads stay reads.
  if (Date.parse(now) - Date.parse(session.last_seen_at) > 60_000) await repository.touchSession(ctx.db, idHash, now);
  return {
    actor: await loadActor(ctx.db, user),
    csrfToken: session.csrf_token,
    sessionIdHash: idHash,
    mustChangePassword: user.must_change_password === 1,
  };
}

export async function logout(ctx: AppContext, actor: Actor, sessionIdHash: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteSession(trx, sessionIdHash);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'session.delete',
      objectType: 'user',
      objectId: actor.userId,
      workspaceId: null,
    });
  });
}

/** Resolves `Authorization: Bearer rk_…` to its actor; undefined when unknown, revoked or expired. */
export async function authenticateApiToken(ctx: AppContext, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const tokenHash = hashSecret(token);
  return cached(`token:${tokenHash}`, () => loadTokenActor(ctx, tokenHash));
}

async function loadTokenActor(ctx: AppContext, tokenHash: string): Promise<Actor | undefined> {
  const row = await repository.findApiTokenByHash(ctx.db, tokenHash);
  const now = nowIso();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return undefined;
  const user = await repository.findUserById(ctx.db, row.user_id);
  if (!user || user.disabled_at) return undefined;
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await repository.updateApiToken(ctx.db, row.id, { last_used_at: now });
  }
  return loadActor(ctx.db, user, JSON.parse(row.scopes) as TokenScope[]);
}

export function toApiTokenDto(row: ApiTokenRow): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as TokenScope[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * The actor's own password, asked again before what would let a stolen session or token outlive
 * the theft: minting tokens, changing the second factor.
 */
export async function assertFreshPassword(ctx: AppContext, actor: Actor, password: string): Promise<void> {
  const user = await repository.findUserById(ctx.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, password)))
    throw new AppError('AUTH_INVALID_CREDENTIALS', 'The password is wrong');
}

export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  input: Omit<CreateApiTokenInput, 'password'>,
): Promise<ApiTokenDto & { token: string }> {
  if (input.scopes.includes('admin') && !actor.isSystemAdmin) {
    throw new AppError('FORBIDDEN', 'Only a system administrator may create admin-scoped tokens');
  }
  const days = input.expiresInDays ?? ctx.config.apiTokenDefaultDays;
  if (days > ctx.config.apiTokenMaxDays)
    throw new AppError('VALIDATION_FAILED', `A token lives at most ${ctx.config.apiTokenMaxDays} days`, [
      { path: 'body.expiresInDays', message: `at most ${ctx.config.apiTokenMaxDays}` },
    ]);
  const token = `${API_TOKEN_PREFIX}${randomSecret(30)}`;
  const now = new Date();
  const row: ApiTokenRow = {
    id: randomUUID(),
    user_id: actor.userId,
    name: input.name,
    prefix: token.slice(0, 10),
    token_hash: hashSecret(token),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_at: nowIso(now),
    last_used_at: null,
    expires_at: nowIso(new Date(now.getTime() + days * 86_400_000)),
    revoked_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertApiToken(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'api_token.create',
      objectType: 'api_token',
      objectId: row.id,
      workspaceId: null,
      after: { ...row, token_hash: undefined },
    });
  });
  return { ...toApiTokenDto(row), token };
}

export async function listApiTokens(ctx: AppContext, actor: Actor): Promise<ApiTokenDto[]> {
  return (await repository.listApiTokensOfUser(ctx.db, actor.userId)).map(toApiTokenDto);
}

export async function revokeApiToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const row = await repository.findApiToken(ctx.db, tokenId);
  // Another user's token is "not found": its existence is not the caller's business.
  if (!row || (row.user_id !== actor.userId && !actor.isSystemAdmin))
    throw new AppError('TOKEN_NOT_FOUND', 'Token not found');
  if (row.revoked_at) return;
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateApiToken(trx, row.id, { revoked_at: nowIso() });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'api_token.revoke',
      objectType: 'api_token',
      objectId: row.id,
      workspaceId: null,
    });
  });
}

export async function createUser(
  ctx: AppContext,
  actorId: string | null,
  input: CreateUserInput & { mustChangePassword?: boolean },
): Promise<UserRow> {
  const username = input.username.toLowerCase();
  if (await repository.findUserByUsername(ctx.db, username))
    throw new AppError('USER_EXISTS', `User ${username} already exists`);
  const now = nowIso();
  const row: UserRow = {
    id: randomUUID(),
    username,
    display_name: input.displayName,
    email: input.email ?? null,
    locale: input.locale,
    password_hash: await hashPassword(input.password, passwordCost(ctx)),
    is_system_admin: input.isSystemAdmin ? 1 : 0,
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: null,
    failed_logins: 0,
    locked_until: null,
    must_change_password: input.mustChangePassword ? 1 : 0,
    disabled_at: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertUser(trx, row);
    await recordAudit(trx, {
      actorId,
      action: 'user.create',
      objectType: 'user',
      objectId: row.id,
      workspaceId: null,
      after: publicUserState(row),
    });
  });
  return row;
}

/** The parts of a user that the audit digest covers (no secrets). */
export function publicUserState(user: UserRow) {
  return {
    username: user.username,
    display_name: user.display_name,
    email: user.email,
    locale: user.locale,
    is_system_admin: user.is_system_admin,
    totp_enabled: user.totp_enabled,
    disabled_at: user.disabled_at,
    locked_until: user.locked_until,
  };
}

/**
 * Sets a new password. An administrator's reset (the user must change it at next sign-in) ends
 * every session and revokes every API token of the user; a change by the user ends their other
 * sessions, keeping the one they changed it from.
 */
export async function setPassword(
  ctx: AppContext,
  actorId: string | null,
  userId: string,
  password: string,
  options: { mustChange: boolean; keepSessionIdHash?: string | undefined },
): Promise<void> {
  const user = await repository.findUserById(ctx.db, userId);
  if (!user) throw new AppError('USER_NOT_FOUND', 'User not found');
  const passwordHash = await hashPassword(password, passwordCost(ctx));
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateUser(trx, userId, {
      password_hash: passwordHash,
      must_change_password: options.mustChange ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      updated_at: nowIso(),
    });
    if (options.mustChange) {
      await repository.deleteSessionsOfUser(trx, userId);
      await repository.revokeTokensOfUser(trx, userId, nowIso());
    } else {
      await repository.deleteOtherSessionsOfUser(trx, userId, options.keepSessionIdHash);
    }
    await recordAudit(trx, {
      actorId,
      action: 'user.set-password',
      objectType: 'user',
      objectId: userId,
      workspaceId: null,
    });
  });
}

export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
  currentSessionIdHash?: string,
): Promise<void> {
  await assertFreshPassword(ctx, actor, currentPassword);
  await setPassword(ctx, actor.userId, actor.userId, newPassword, {
    mustChange: false,
    keepSessionIdHash: currentSessionIdHash,
  });
}

export async function beginTotpSetup(ctx: AppContext, actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
  const user = await repository.findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('USER_NOT_FOUND', 'User not found');
  if (user.totp_enabled === 1) throw new AppError('CONFLICT', 'TOTP is already enabled');
  const secret = createTotpSecret();
  await repository.updateUser(ctx.db, user.id, { totp_secret: secret, updated_at: nowIso() });
  return { secret, otpauthUri: totpUri(secret, user.username) };
}

export async function enableTotp(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  const user = await repository.findUserById(ctx.db, actor.userId);
  const step = user?.totp_secret ? totpStep(user.totp_secret, code) : undefined;
  if (!user || step === undefined) throw new AppError('AUTH_TOTP_INVALID', 'The TOTP code is wrong');
  await ctx.db.transaction().execute(async (trx) => {
    // The enrolment code is used: it cannot sign in afterwards.
    await repository.updateUser(trx, user.id, { totp_enabled: 1, totp_last_step: step, updated_at: nowIso() });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'user.enable-totp',
      objectType: 'user',
      objectId: user.id,
      workspaceId: null,
    });
  });
}

export async function disableTotp(ctx: AppContext, actorId: string, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateUser(trx, userId, { totp_enabled: 0, totp_secret: null, updated_at: nowIso() });
    await recordAudit(trx, {
      actorId,
      action: 'user.disable-totp',
      objectType: 'user',
      objectId: userId,
      workspaceId: null,
    });
  });
}

export { generatePassword };
