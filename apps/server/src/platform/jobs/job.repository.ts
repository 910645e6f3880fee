/** SQL of the job queue on the `job` table (claiming is the dialect's: `claimJobs`). @module */
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { JobRow, JobTable } from './job.table.js';

/** Inserts a job unless its (name, idempotency key) is queued already; its id, or undefined then. */
export async function insertJob(db: Db, row: Insertable<JobTable>): Promise<string | undefined> {
  const inserted = await db
    .insertInto('job')
    .values(row)
    .onConflict((oc) => oc.columns(['name', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function jobIdByKey(db: Db, name: string, idempotencyKey: string): Promise<string> {
  const row = await db
    .selectFrom('job')
    .select('id')
    .where('name', '=', name)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The statement that inserts many jobs, skipping keys already queued (run alone or with others: `insertTogether`). */
export function jobsInsert(db: Db, rows: Insertable<JobTable>[]) {
  return db
    .insertInto('job')
    .values(rows)
    .onConflict((oc) => oc.columns(['name', 'idempotency_key']).doNothing());
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes jobs this worker holds (progress, lease); a job another worker took over is left alone. */
export async function updateHeldJobs(
  db: Db,
  ids: readonly string[],
  workerId: string,
  changes: Updateable<JobTable>,
): Promise<void> {
  await db
    .updateTable('job')
    .set(changes)
    .where('id', 'in', [...ids])
    .where('locked_by', '=', workerId)
    .execute();
}

export async function updateJobs(db: Db, ids: readonly string[], changes: Updateable<JobTable>): Promise<void> {
  await db
    .updateTable('job')
    .set(changes)
    .where('id', 'in', [...ids])
    .execute();
}
