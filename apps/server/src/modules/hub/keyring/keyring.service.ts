/**
 * The team's OpenPGP keys: one team key per workspace (decrypts what reporters send; its
 * private half is stored only passphrase-encrypted) and a directory of public keys (reporters,
 * partners, vendors) that signatures are verified against.
 * @module
 */
import { keyringConfig } from './keyring.config.js';
import { randomUUID } from 'node:crypto';
import type { PgpKeyDto } from '@renkei/contracts';
import * as openpgp from 'openpgp';
import {
  AppError,
  assertPermission,
  canManageWorkspace,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { looksLikePgpMail, openPgpMail, type PgpKeyring, type PgpOutcome } from './pgp-mail.js';
import { sealPgpMail, type SealProtection } from './pgp-seal.js';
import type { PgpKeyRow } from './keyring.table.js';
import * as repository from './keyring.repository.js';

function toDto(row: PgpKeyRow): PgpKeyDto {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    userIds: JSON.parse(row.user_ids) as string[],
    isTeamKey: row.is_team_key === 1,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    armoredPublic: row.armored_public,
  };
}

function requirePassphrase(ctx: AppContext): string {
  const { pgpPassphrase } = keyringConfig.of(ctx.config);
  if (!pgpPassphrase)
    throw new AppError('CONFLICT', 'Set RENKEI_PGP_PASSPHRASE first: the team key is stored only encrypted with it');
  return pgpPassphrase;
}

// Unlocking a key costs an S2K derivation; a short cache keeps it off every message. Changes
// made in this process clear it at once; another process sees them within the TTL.
const KEYRING_TTL_MS = 30_000;
const keyrings = new WeakMap<AppContext, Map<string, { at: number; keyring: Promise<PgpKeyring> }>>();

function forgetKeyring(ctx: AppContext, workspaceId: string): void {
  keyrings.get(ctx)?.delete(workspaceId);
}

/** The unlocked team key and the directory of a workspace, for opening report mail. */
export function loadKeyring(ctx: AppContext, workspaceId: string): Promise<PgpKeyring> {
  let cache = keyrings.get(ctx);
  if (!cache) keyrings.set(ctx, (cache = new Map<string, { at: number; keyring: Promise<PgpKeyring> }>()));
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < KEYRING_TTL_MS) return hit.keyring;
  const keyring = buildKeyring(ctx, workspaceId);
  cache.set(workspaceId, { at: Date.now(), keyring });
  keyring.catch(() => forgetKeyring(ctx, workspaceId));
  return keyring;
}

/**
 * A report message as its sender wrote it: OpenPGP opened with the workspace's keyring when the
 * message carries any, and what was verified. Throws `PgpMailError` when it cannot be opened.
 */
export async function openReportMail(
  ctx: AppContext,
  workspaceId: string,
  raw: Buffer,
): Promise<{ raw: Buffer; pgp?: PgpOutcome }> {
  if (!looksLikePgpMail(raw)) return { raw };
  const opened = await openPgpMail(raw, await loadKeyring(ctx, workspaceId));
  return opened ? { raw: opened.raw, pgp: opened.outcome } : { raw };
}

async function buildKeyring(ctx: AppContext, workspaceId: string): Promise<PgpKeyring> {
  const rows = await repository.listKeysOf(ctx.db, workspaceId);
  const verificationKeys: openpgp.Key[] = [];
  const decryptionKeys: openpgp.PrivateKey[] = [];
  const { pgpPassphrase } = keyringConfig.of(ctx.config);
  for (const row of rows) {
    verificationKeys.push(await openpgp.readKey({ armoredKey: row.armored_public }));
    if (row.is_team_key === 1 && row.armored_private && pgpPassphrase) {
      const locked = await openpgp.readPrivateKey({ armoredKey: row.armored_private });
      decryptionKeys.push(await openpgp.decryptKey({ privateKey: locked, passphrase: pgpPassphrase }));
    }
  }
  return { decryptionKeys, verificationKeys };
}

async function expiryOf(key: openpgp.Key): Promise<string | null> {
  const expiry = await key.getExpirationTime();
  return expiry instanceof Date ? expiry.toISOString() : null;
}

async function insertKey(
  ctx: AppContext,
  actor: Actor | null,
  workspaceId: string,
  key: openpgp.Key,
  armoredPrivate: string | null,
): Promise<PgpKeyDto> {
  const fingerprint = key.getFingerprint().toUpperCase();
  if (await repository.hasKey(ctx.db, workspaceId, fingerprint))
    throw new AppError('CONFLICT', `Key ${fingerprint} is already in the directory`);
  const row: PgpKeyRow = {
    id: randomUUID(),
    workspace_id: workspaceId,
    fingerprint,
    user_ids: JSON.stringify(key.getUserIDs()),
    armored_public: key.toPublic().armor(),
    armored_private: armoredPrivate,
    is_team_key: armoredPrivate ? 1 : 0,
    expires_at: await expiryOf(key),
    created_by: actor?.userId ?? null,
    created_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    // A new team key replaces the previous one, which stays in the directory as a public key.
    if (armoredPrivate) await repository.demoteTeamKey(trx, workspaceId);
    await repository.insertKey(trx, row);
    await recordAudit(trx, {
      actorId: actor?.userId ?? null,
      action: armoredPrivate ? 'pgp-key.team-key' : 'pgp-key.add',
      objectType: 'pgp_key',
      objectId: row.id,
      workspaceId,
      detail: { fingerprint },
    });
  });
  forgetKeyring(ctx, workspaceId);
  return toDto(row);
}

function assertKeyManager(actor: Actor, workspaceId: string): void {
  if (!canManageWorkspace(actor, workspaceId))
    throw new AppError(
      actor.memberships.has(workspaceId) || actor.isSystemAdmin ? 'FORBIDDEN' : 'WORKSPACE_NOT_FOUND',
      'Only a workspace manager may change the team key',
    );
}

/** Creates a new team key (Curve25519), stored encrypted with the configured passphrase. */
export async function generateTeamKey(
  ctx: AppContext,
  actor: Actor | null,
  workspaceId: string,
  identity: { name: string; email: string },
): Promise<PgpKeyDto> {
  if (actor) assertKeyManager(actor, workspaceId);
  const passphrase = requirePassphrase(ctx);
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [identity],
    passphrase,
    format: 'object',
  });
  return insertKey(ctx, actor, workspaceId, privateKey, privateKey.armor());
}

/** Makes an existing private key the team key; it is re-encrypted with the configured passphrase. */
export async function importTeamKey(
  ctx: AppContext,
  actor: Actor | null,
  workspaceId: string,
  armoredKey: string,
  currentPassphrase?: string,
): Promise<PgpKeyDto> {
  if (actor) assertKeyManager(actor, workspaceId);
  const passphrase = requirePassphrase(ctx);
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey });
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Not an armored OpenPGP private key');
  }
  const unlocked = key.isDecrypted()
    ? key
    : await openpgp.decryptKey({ privateKey: key, passphrase: currentPassphrase ?? passphrase }).catch(() => {
        throw new AppError(
          'VALIDATION_FAILED',
          'The key is encrypted with another passphrase; give it to unlock the key',
        );
      });
  const locked = await openpgp.encryptKey({ privateKey: unlocked, passphrase });
  return insertKey(ctx, actor, workspaceId, locked, locked.armor());
}

/** Adds a public key to the directory. */
export async function addPublicKey(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  armoredKey: string,
): Promise<PgpKeyDto> {
  assertPermission(actor, workspaceId, 'content.write');
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey });
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Not an armored OpenPGP public key');
  }
  if (key.isPrivate())
    throw new AppError('VALIDATION_FAILED', 'This is a private key: only the public half goes into the directory');
  return insertKey(ctx, actor, workspaceId, key, null);
}

export async function listKeys(ctx: AppContext, actor: Actor, workspaceId: string): Promise<PgpKeyDto[]> {
  assertPermission(actor, workspaceId, 'content.read');
  const rows = await repository.listKeysOf(ctx.db, workspaceId, { newestFirst: true });
  return rows.map(toDto);
}

export async function deleteKey(ctx: AppContext, actor: Actor, keyId: string): Promise<void> {
  const row = await repository.findKey(ctx.db, keyId);
  if (!row || !actor.memberships.has(row.workspace_id)) throw new AppError('NOT_FOUND', 'Key not found');
  if (row.is_team_key === 1) assertKeyManager(actor, row.workspace_id);
  else assertPermission(actor, row.workspace_id, 'content.write');
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteKey(trx, keyId);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'pgp-key.delete',
      objectType: 'pgp_key',
      objectId: keyId,
      workspaceId: row.workspace_id,
      detail: { fingerprint: row.fingerprint },
    });
  });
  forgetKeyring(ctx, row.workspace_id);
}

/** The team's public key, as published for reporters (no sign-in). */
export async function teamPublicKey(ctx: AppContext, workspaceId: string): Promise<PgpKeyDto | undefined> {
  const row = await repository.findTeamKey(ctx.db, workspaceId);
  return row ? toDto(row) : undefined;
}

/** The address in a user ID such as `Name <abuse@example.net>` (or the whole ID when it is one). */
function addressOf(userId: string): string {
  return (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(userId)?.[1] ?? userId).trim().toLowerCase();
}

/** A directory key that can encrypt to this address today (not expired, not revoked). */
async function encryptionKeyFor(keys: readonly openpgp.Key[], address: string): Promise<openpgp.Key | undefined> {
  for (const key of keys) {
    if (!key.getUserIDs().some((userId) => addressOf(userId) === address)) continue;
    if (
      await key.getEncryptionKey().then(
        () => true,
        () => false,
      )
    )
      return key;
  }
  return undefined;
}

/**
 * Outbound mail as the team sends it: signed with the team key whenever the workspace has one
 * (and the passphrase is set), and encrypted as well when every recipient has a usable key in
 * the directory — a message one recipient could not read is not encrypted to the others alone.
 * Without a team key the message goes as it was composed.
 */
export async function sealOutboundMail(
  ctx: AppContext,
  workspaceId: string,
  recipients: readonly string[],
  raw: Buffer,
): Promise<{ raw: Buffer; protection: 'none' | SealProtection }> {
  const { signingKey, encryptionKeys } = await sealingKeys(ctx, workspaceId, recipients);
  if (!signingKey) return { raw, protection: 'none' };
  return sealPgpMail(raw, encryptionKeys ? { signingKey, encryptionKeys } : { signingKey });
}

/** The team key to sign with, and every recipient's key when all of them have one (else none: signed only). */
async function sealingKeys(ctx: AppContext, workspaceId: string, recipients: readonly string[]) {
  const keyring = await loadKeyring(ctx, workspaceId);
  const signingKey = keyring.decryptionKeys[0];
  const encryptionKeys: openpgp.Key[] = [];
  for (const recipient of recipients) {
    const key = await encryptionKeyFor(keyring.verificationKeys, addressOf(recipient));
    if (!key) return { signingKey, encryptionKeys: undefined };
    encryptionKeys.push(key);
  }
  return { signingKey, encryptionKeys };
}

/** How a message to these recipients would be protected, as `sealOutboundMail` decides (for previews). */
export async function expectedProtection(
  ctx: AppContext,
  workspaceId: string,
  recipients: readonly string[],
): Promise<'none' | SealProtection> {
  const { signingKey, encryptionKeys } = await sealingKeys(ctx, workspaceId, recipients);
  if (!signingKey) return 'none';
  return encryptionKeys ? 'signed+encrypted' : 'signed';
}

/** A public key in the directory, as the partner directory shows it beside a party's addresses. */
export interface AddressKey {
  fingerprint: string;
  userIds: string[];
  expiresAt: string | null;
}

/**
 * The workspace's public keys whose user IDs name one of these addresses (case-insensitive):
 * the partner directory keeps no second list of keys, it reads this one.
 */
export async function keysForAddresses(
  db: Db,
  workspaceId: string,
  addresses: readonly string[],
): Promise<AddressKey[]> {
  if (addresses.length === 0) return [];
  const wanted = new Set(addresses.map((address) => address.toLowerCase()));
  const rows = await repository.listKeysOf(db, workspaceId);
  return rows
    .filter((row) => row.is_team_key !== 1)
    .map((row) => ({ row, userIds: JSON.parse(row.user_ids) as string[] }))
    .filter(({ userIds }) =>
      userIds.some((userId) => {
        const address = /<([^>]+)>/.exec(userId)?.[1] ?? userId;
        return wanted.has(address.trim().toLowerCase());
      }),
    )
    .map(({ row, userIds }) => ({ fingerprint: row.fingerprint, userIds, expiresAt: row.expires_at }));
}
