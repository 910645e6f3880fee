/** SQL of the course, its timetable, participants and groups. @module */
import type { Db } from '../../../platform/index.js';
import type {
  CourseBlockRow,
  CourseRow,
  ParticipantCodeRow,
  ParticipantGroupRow,
  ParticipantRow,
} from './course.table.js';

export function findCourse(db: Db, workspaceId: string): Promise<CourseRow | undefined> {
  return db.selectFrom('course').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function saveCourse(db: Db, row: CourseRow): Promise<void> {
  await db
    .insertInto('course')
    .values(row)
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        title: row.title,
        title_en: row.title_en,
        organiser: row.organiser,
        venue: row.venue,
        days: row.days,
        goals: row.goals,
        staffing: row.staffing,
        services: row.services,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export function blocksOf(db: Db, workspaceId: string): Promise<CourseBlockRow[]> {
  return db
    .selectFrom('course_block')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('day')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}

export function findBlock(db: Db, id: string): Promise<CourseBlockRow | undefined> {
  return db.selectFrom('course_block').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertBlock(db: Db, row: CourseBlockRow): Promise<void> {
  await db.insertInto('course_block').values(row).execute();
}

export async function updateBlock(db: Db, row: CourseBlockRow): Promise<void> {
  await db.updateTable('course_block').set(row).where('id', '=', row.id).execute();
}

export async function deleteBlock(db: Db, id: string): Promise<void> {
  await db.deleteFrom('course_block').where('id', '=', id).execute();
}

export function participantsOf(db: Db, workspaceId: string): Promise<ParticipantRow[]> {
  return db
    .selectFrom('participant')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findParticipant(db: Db, id: string): Promise<ParticipantRow | undefined> {
  return db.selectFrom('participant').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts participants; one whose e-mail is already in the course is updated instead. */
export async function upsertParticipants(db: Db, rows: readonly ParticipantRow[]): Promise<void> {
  for (const row of rows) {
    if (row.email) {
      const existing = await db
        .selectFrom('participant')
        .select('id')
        .where('workspace_id', '=', row.workspace_id)
        .where('email', '=', row.email)
        .executeTakeFirst();
      if (existing) {
        await db
          .updateTable('participant')
          .set({ name: row.name, organisation: row.organisation, sector: row.sector })
          .where('id', '=', existing.id)
          .execute();
        continue;
      }
    }
    await db.insertInto('participant').values(row).execute();
  }
}

export async function updateParticipant(
  db: Db,
  id: string,
  changes: Partial<Pick<ParticipantRow, 'attendance' | 'group_id' | 'user_id'>>,
): Promise<void> {
  await db.updateTable('participant').set(changes).where('id', '=', id).execute();
}

export function groupsOf(db: Db, workspaceId: string): Promise<ParticipantGroupRow[]> {
  return db
    .selectFrom('participant_group')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('position')
    .execute();
}

/** Replaces the course's groups (participants lose theirs first). */
export async function replaceGroups(
  db: Db,
  workspaceId: string,
  groups: readonly ParticipantGroupRow[],
): Promise<void> {
  await db.updateTable('participant').set({ group_id: null }).where('workspace_id', '=', workspaceId).execute();
  await db.deleteFrom('participant_group').where('workspace_id', '=', workspaceId).execute();
  if (groups.length)
    await db
      .insertInto('participant_group')
      .values([...groups])
      .execute();
}

export function findGroup(db: Db, id: string): Promise<ParticipantGroupRow | undefined> {
  return db.selectFrom('participant_group').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Unlinks an account from every participant of a course (before linking it to one). */
export async function unlinkUser(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db
    .updateTable('participant')
    .set({ user_id: null })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
}

/** Replaces a participant's unused codes with a new one (only the newest works). */
export async function replaceCode(db: Db, row: ParticipantCodeRow): Promise<void> {
  await db
    .deleteFrom('participant_code')
    .where('participant_id', '=', row.participant_id)
    .where('used_at', 'is', null)
    .execute();
  await db.insertInto('participant_code').values(row).execute();
}

/** Uses a code: true only for the one caller that finds it unused and unexpired. */
export async function useCode(db: Db, codeHash: string, now: string): Promise<ParticipantCodeRow | undefined> {
  const row = await db.selectFrom('participant_code').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now) return undefined;
  const result = await db
    .updateTable('participant_code')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? row : undefined;
}
