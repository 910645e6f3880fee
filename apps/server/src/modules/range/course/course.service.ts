/**
 * The course of a Range workspace: its plan and timetable (instructors edit; everyone in the
 * course reads), its participants (imported from the organiser's list; staff only: names,
 * organisations and addresses are personal data), groups balanced by organisation and sector,
 * attendance per day, and the implementation plan as DOCX.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  blockInputSchema,
  courseInputSchema,
  type Block,
  type BlockInput,
  type Course,
  type CourseInput,
  type Group,
  type Participant,
  type ParticipantImportResult,
} from '@renkei/contracts';
import {
  AppError,
  accessRepository,
  assertPermission,
  authRepository,
  nowIso,
  recordAudit,
  type Actor,
  type AppContext,
  type Db,
} from '../../../platform/index.js';
import { isCourseStaff } from '../plant/index.js';
import * as repository from './course.repository.js';
import type { CourseBlockRow, CourseRow, ParticipantRow } from './course.table.js';
import { implementationPlanDocx } from './plan-document.js';
import { balanceGroups, readRosterCsv, readRosterXlsx } from './roster.js';

const courseNotFound = () => new AppError('COURSE_NOT_FOUND', 'Course not found');

/** A Range course workspace the actor belongs to (others answer "not found"): every Range programme module checks it. */
export async function assertCourseWorkspace(ctx: AppContext, actor: Actor, workspaceId: string): Promise<void> {
  assertPermission(actor, workspaceId, 'content.read');
  const workspace = await accessRepository.findWorkspace(ctx.db, workspaceId);
  if (workspace?.kind !== 'range_course') throw courseNotFound();
}

function assertStaff(actor: Actor, workspaceId: string): void {
  if (!isCourseStaff(actor, workspaceId))
    throw new AppError('FORBIDDEN', 'Only the course staff (instructors and assistants) may do this');
}

function toBlock(row: CourseBlockRow): Block {
  return {
    id: row.id,
    day: row.day,
    start: row.start_time,
    end: row.end_time,
    kind: row.kind as Block['kind'],
    title: row.title,
    titleEn: row.title_en,
    material: row.material,
    labs: JSON.parse(row.labs) as string[],
    instructors: JSON.parse(row.instructors) as string[],
    assistants: JSON.parse(row.assistants) as string[],
  };
}

/** Pairs of blocks of the same day whose times overlap. */
export function overlapsOf(blocks: readonly Block[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [i, a] of blocks.entries())
    for (const b of blocks.slice(i + 1))
      if (a.day === b.day && a.start < b.end && b.start < a.end) pairs.push([a.id, b.id]);
  return pairs;
}

export async function readCourse(db: Db, workspaceId: string): Promise<Course | undefined> {
  const row = await repository.findCourse(db, workspaceId);
  if (!row) return undefined;
  const blocks = (await repository.blocksOf(db, workspaceId)).map(toBlock);
  return {
    workspaceId,
    title: row.title,
    titleEn: row.title_en,
    organiser: row.organiser,
    venue: row.venue,
    days: JSON.parse(row.days) as string[],
    goals: row.goals,
    staffing: row.staffing,
    services: row.services,
    blocks,
    overlaps: overlapsOf(blocks),
    updatedAt: row.updated_at,
  };
}

export async function getCourse(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Course> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  const course = await readCourse(ctx.db, workspaceId);
  if (!course) throw courseNotFound();
  return course;
}

export async function saveCourse(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  input: CourseInput,
): Promise<Course> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  const parsed = courseInputSchema.parse(input);
  const row: CourseRow = {
    workspace_id: workspaceId,
    title: parsed.title,
    title_en: parsed.titleEn ?? null,
    organiser: parsed.organiser ?? null,
    venue: parsed.venue ?? null,
    days: JSON.stringify(parsed.days),
    goals: parsed.goals ?? null,
    staffing: parsed.staffing ?? null,
    services: parsed.services ?? null,
    updated_by: actor.userId,
    updated_at: nowIso(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await repository.saveCourse(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'course.save',
      objectType: 'course',
      objectId: workspaceId,
      workspaceId,
      detail: { title: row.title, days: parsed.days },
    });
  });
  return (await readCourse(ctx.db, workspaceId))!;
}

function blockRow(id: string, workspaceId: string, input: BlockInput): CourseBlockRow {
  const parsed = blockInputSchema.parse(input);
  return {
    id,
    workspace_id: workspaceId,
    day: parsed.day,
    start_time: parsed.start,
    end_time: parsed.end,
    kind: parsed.kind,
    title: parsed.title,
    title_en: parsed.titleEn ?? null,
    material: parsed.material ?? null,
    labs: JSON.stringify(parsed.labs),
    instructors: JSON.stringify(parsed.instructors),
    assistants: JSON.stringify(parsed.assistants),
  };
}

async function assertPlanner(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Course> {
  const course = await getCourse(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  return course;
}

export async function addBlock(ctx: AppContext, actor: Actor, workspaceId: string, input: BlockInput): Promise<Block> {
  const course = await assertPlanner(ctx, actor, workspaceId);
  const row = blockRow(randomUUID(), workspaceId, input);
  if (row.day > course.days.length)
    throw new AppError('VALIDATION_FAILED', 'The course has fewer days', [
      { path: 'body.day', message: `the course has ${course.days.length} day(s)` },
    ]);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.insertBlock(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'course-block.create',
      objectType: 'course_block',
      objectId: row.id,
      workspaceId,
      detail: { day: row.day, start: row.start_time, title: row.title },
    });
  });
  return toBlock(row);
}

async function loadBlock(ctx: AppContext, actor: Actor, id: string): Promise<CourseBlockRow> {
  const row = await repository.findBlock(ctx.db, id);
  if (!row || !actor.memberships.has(row.workspace_id))
    throw new AppError('BLOCK_NOT_FOUND', 'Timetable block not found');
  await assertPlanner(ctx, actor, row.workspace_id);
  return row;
}

export async function updateBlock(ctx: AppContext, actor: Actor, id: string, input: BlockInput): Promise<Block> {
  const existing = await loadBlock(ctx, actor, id);
  const row = blockRow(id, existing.workspace_id, input);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateBlock(trx, row);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'course-block.update',
      objectType: 'course_block',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { day: row.day, start: row.start_time, title: row.title },
    });
  });
  return toBlock(row);
}

export async function deleteBlock(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const row = await loadBlock(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.deleteBlock(trx, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'course-block.delete',
      objectType: 'course_block',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { title: row.title },
    });
  });
}

export async function implementationPlan(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Buffer> {
  return implementationPlanDocx(await getCourse(ctx, actor, workspaceId));
}

function toParticipant(row: ParticipantRow): Participant {
  return {
    id: row.id,
    name: row.name,
    organisation: row.organisation,
    sector: row.sector,
    email: row.email,
    groupId: row.group_id,
    attendance: JSON.parse(row.attendance) as number[],
    userId: row.user_id,
  };
}

export async function listParticipants(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Participant[]> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertStaff(actor, workspaceId);
  return (await repository.participantsOf(ctx.db, workspaceId)).map(toParticipant);
}

/** Participants of a course as rows (the report counts attendance and organisations). */
export function participantRows(db: Db, workspaceId: string): Promise<ParticipantRow[]> {
  return repository.participantsOf(db, workspaceId);
}

/**
 * Imports the organiser's list (CSV text or XLSX as base64): every good row is imported (a
 * participant already listed with the same address is updated), every bad row reported.
 */
export async function importParticipants(
  ctx: AppContext,
  actor: Actor,
  workspaceId: string,
  body: { format: 'csv' | 'xlsx'; content: string },
): Promise<ParticipantImportResult> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  const read =
    body.format === 'csv'
      ? await readRosterCsv(body.content)
      : await readRosterXlsx(Buffer.from(body.content, 'base64'));
  if (read.problem) throw new AppError('PARTICIPANT_IMPORT_INVALID', read.problem);
  const seen = new Set<string>();
  const rejected: ParticipantImportResult['rejected'] = [];
  const rows: ParticipantRow[] = [];
  const now = nowIso();
  for (const row of read.rows) {
    const problems = [...row.problems];
    if (row.email && seen.has(row.email)) problems.push(`email: listed twice (${row.email})`);
    if (problems.length) {
      rejected.push({ row: row.row, problems });
      continue;
    }
    if (row.email) seen.add(row.email);
    rows.push({
      id: randomUUID(),
      workspace_id: workspaceId,
      name: row.name!,
      organisation: row.organisation ?? null,
      sector: row.sector ?? null,
      email: row.email ?? null,
      group_id: null,
      attendance: '[]',
      user_id: null,
      created_at: now,
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repository.upsertParticipants(trx, rows);
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant.import',
      objectType: 'course',
      objectId: workspaceId,
      workspaceId,
      detail: { format: body.format, imported: rows.length, rejected: rejected.length },
    });
  });
  return { imported: rows.length, rejected };
}

async function loadParticipant(ctx: AppContext, actor: Actor, id: string): Promise<ParticipantRow> {
  const row = await repository.findParticipant(ctx.db, id);
  if (!row || !isCourseStaff(actor, row.workspace_id))
    throw new AppError('PARTICIPANT_NOT_FOUND', 'Participant not found');
  return row;
}

/** Staff record who was present on which day. */
export async function setAttendance(
  ctx: AppContext,
  actor: Actor,
  id: string,
  days: readonly number[],
): Promise<Participant> {
  const row = await loadParticipant(ctx, actor, id);
  const attendance = JSON.stringify([...new Set(days)].sort((a, b) => a - b));
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateParticipant(trx, id, { attendance });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant.attendance',
      objectType: 'participant',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { days },
    });
  });
  return toParticipant({ ...row, attendance });
}

/** Forms groups of about `size`, balanced by organisation and sector (replaces the groups). */
export async function formGroups(ctx: AppContext, actor: Actor, workspaceId: string, size: number): Promise<Group[]> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  assertPermission(actor, workspaceId, 'workspace.manage');
  const participants = await repository.participantsOf(ctx.db, workspaceId);
  const formed = balanceGroups(participants, size);
  const groups = formed.map((_, index) => ({
    id: randomUUID(),
    workspace_id: workspaceId,
    name: `グループ ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ''}`,
    position: index,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    await repository.replaceGroups(trx, workspaceId, groups);
    for (const [index, members] of formed.entries())
      for (const member of members) await repository.updateParticipant(trx, member.id, { group_id: groups[index]!.id });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant-group.form',
      objectType: 'course',
      objectId: workspaceId,
      workspaceId,
      detail: { size, groups: groups.length },
    });
  });
  return listGroups(ctx, actor, workspaceId);
}

/** Moves a participant to another group by hand (or out of any). */
export async function moveParticipant(
  ctx: AppContext,
  actor: Actor,
  id: string,
  groupId: string | null,
): Promise<Participant> {
  const row = await loadParticipant(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'workspace.manage');
  if (groupId) {
    const group = await repository.findGroup(ctx.db, groupId);
    if (group?.workspace_id !== row.workspace_id)
      throw new AppError('VALIDATION_FAILED', 'No such group in this course', [
        { path: 'body.groupId', message: 'not found' },
      ]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repository.updateParticipant(trx, id, { group_id: groupId });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant.move',
      objectType: 'participant',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { groupId },
    });
  });
  return toParticipant({ ...row, group_id: groupId });
}

export async function listGroups(ctx: AppContext, actor: Actor, workspaceId: string): Promise<Group[]> {
  await assertCourseWorkspace(ctx, actor, workspaceId);
  const participants = await repository.participantsOf(ctx.db, workspaceId);
  return (await repository.groupsOf(ctx.db, workspaceId)).map((group) => ({
    id: group.id,
    name: group.name,
    participantIds: participants.filter((p) => p.group_id === group.id).map((p) => p.id),
  }));
}

/**
 * Links a participant to the account they sign in with (staff): their group's worksheet is then
 * theirs to edit. An account is linked to one participant of a course at most.
 */
export async function linkAccount(ctx: AppContext, actor: Actor, id: string, username: string): Promise<Participant> {
  const row = await loadParticipant(ctx, actor, id);
  assertPermission(actor, row.workspace_id, 'workspace.manage');
  const user = await authRepository.findUserByUsername(ctx.db, username.toLowerCase());
  if (!user || !(await accessRepository.findMembership(ctx.db, row.workspace_id, user.id)))
    throw new AppError('VALIDATION_FAILED', 'No member of this course has that username', [
      { path: 'body.username', message: 'not a member' },
    ]);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.unlinkUser(trx, row.workspace_id, user.id);
    await repository.updateParticipant(trx, id, { user_id: user.id });
    await recordAudit(trx, {
      actorId: actor.userId,
      action: 'participant.link-account',
      objectType: 'participant',
      objectId: id,
      workspaceId: row.workspace_id,
      detail: { username: user.username },
    });
  });
  return toParticipant({ ...row, user_id: user.id });
}

/** The group of the participant who signs in as `userId`, if any. */
export async function groupOfUser(db: Db, workspaceId: string, userId: string): Promise<string | null> {
  return (await repository.participantsOf(db, workspaceId)).find((p) => p.user_id === userId)?.group_id ?? null;
}

/** A group of a course (for other modules: the worksheet). */
export function findGroup(db: Db, id: string) {
  return repository.findGroup(db, id);
}
