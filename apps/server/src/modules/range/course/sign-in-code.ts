/**
 * Trainees sign in with a one-time code (or its QR code) that the staff hand out on the day:
 * no password to remember for a two-day course. Issuing a code makes the participant an account
 * and a trainee membership if they have none; the code works once, for 14 days; only its hash is
 * kept; the sign-in route is rate-limited per address.
 * @module
 */
import { randomInt } from 'node:crypto';
import type { SignInCode } from '@renkei/contracts';
import QRCode from 'qrcode';
import {
  AppError,
  accessRepository,
  assertPermission,
  authRepository,
  createUser,
  hashSecret,
  nowIso,
  randomSecret,
  recordAudit,
  startSession,
  type Actor,
  type AppContext,
} from '../../../platform/index.js';
import * as repository from './course.repository.js';
import { isCourseStaff } from '../plant/index.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_DAYS = 14;

/** `K7P3-9QXM`: 8 characters from 32 unambiguous ones (40 bits), grouped for reading aloud. */
export function newCode(): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** What people type: case, spaces and hyphens do not matter. */
export function normaliseCode(typed: string): string {
  const clean = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `${clean.slice(0, 4)}-${clean.slice(4)}`;
}

export async function issueSignInCode(ctx: AppContext, actor: Actor, participantId: string): Promise<SignInCode> {
  const participant = await repository.findParticipant(ctx.db, participantId);
  if (!participant || !isCourseStaff(actor, participant.workspace_id))
    throw new AppError('PARTICIPANT_NOT_FOUND', 'Participant not found');
  assertPermission(actor, participant.workspace_id, 'workspace.manage');
  let userId = participant.user_id;
  if (!userId) {
    // An account of their own, with a password nobody knows: they come in with codes.
    const user = await createUser(ctx, actor.userId, {
      username: `p-${participant.id.replace(/-/g, '').slice(0, 12)}`,
      displayName: participant.name,
      ...(participant.email ? { email: participant.email } : {}),
      locale: 'ja',
      password: randomSecret(),
      isSystemAdmin: false,
    });
    userId = user.id;
  }
  if (!(await accessRepository.findMembership(ctx.db, participant.workspace_id, userId)))
    await accessRepository.upsertMembership(ctx.db, {
      workspace_id: participant.workspace_id,
      user_id: userId,
      role: 'trainee',
      clearance: 'AMBER',
      created_at: nowIso(),
    });
  const code = newCode();
  const expiresAt = nowIso(new Date(Date.now() + CODE_DAYS * 86_400_000));
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateParticipant(trx, participant.id, { user_id: userId });
    await repository.replaceCode(trx, {
      code_hash: hashSecret(code),
      participant_id: participant.id,
      workspace_id: participant.workspace_id,
      expires_at: expiresAt,
      used_at: null,
      created_by: actor.userId,
      created_at: nowIso(),
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant.sign-in-code',
      objectType: 'participant',
      objectId: participant.id,
      workspaceId: participant.workspace_id,
      detail: { expiresAt },
    });
  });
  // The code travels in the fragment: it never reaches a server log or a Referer header.
  const url = `${ctx.config.publicUrl ?? ''}/sign-in/code#${code}`;
  return { participantId, code, url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }), expiresAt };
}

/** Signs in with a code: once, before it expires. */
export async function signInWithCode(ctx: AppContext, typed: string, ip: string) {
  const code = normaliseCode(typed);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const used = await repository.useCode(trx, hashSecret(code), nowIso());
    if (!used) return undefined;
    const participant = await repository.findParticipant(trx, used.participant_id);
    const user = participant?.user_id ? await authRepository.findUserById(trx, participant.user_id) : undefined;
    if (!user || user.disabled_at) return undefined;
    return startSession(ctx, user, { ip, via: 'sign-in-code' }, trx);
  });
  if (!result) throw new AppError('SIGN_IN_CODE_INVALID', 'The sign-in code is wrong, used or expired');
  return result;
}
