/** SQL of the assistant: defence switches and approvals. @module */
import type { Db } from '../../../platform/index.js';
import type { AssistantApprovalRow } from './assistant.table.js';

export async function findDefences(db: Db, instanceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('assistant_defence')
    .select('settings')
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return row?.settings;
}

export async function saveDefences(
  db: Db,
  instanceId: string,
  settings: string,
  by: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('assistant_defence')
    .values({ instance_id: instanceId, settings, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('instance_id').doUpdateSet({ settings, updated_by: by, updated_at: at }))
    .execute();
}

export async function findCourseDefences(db: Db, workspaceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('assistant_course_defence')
    .select('settings')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row?.settings;
}

export async function saveCourseDefences(
  db: Db,
  workspaceId: string,
  settings: string,
  by: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('assistant_course_defence')
    .values({ workspace_id: workspaceId, settings, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ settings, updated_by: by, updated_at: at }))
    .execute();
}

export async function insertApproval(db: Db, row: AssistantApprovalRow): Promise<void> {
  await db.insertInto('assistant_approval').values(row).execute();
}

export function approvalsOf(db: Db, instanceId: string) {
  return db
    .selectFrom('assistant_approval')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export function findApproval(db: Db, instanceId: string, id: string) {
  return db
    .selectFrom('assistant_approval')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Decides a pending approval; false if it was no longer pending (decided by someone else meanwhile). */
export async function decideApproval(
  db: Db,
  id: string,
  decision: { status: string; decided_by: string; decided_at: string; result: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('assistant_approval')
    .set(decision)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
