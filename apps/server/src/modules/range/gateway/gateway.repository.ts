/** SQL of the gateway: its trace. @module */
import type { Insertable } from 'kysely';
import type { Db } from '../../../platform/index.js';
import type { AiCassetteTable, AiTraceTable } from './gateway.table.js';

export async function insertTrace(db: Db, row: Insertable<AiTraceTable>): Promise<void> {
  await db.insertInto('ai_trace').values(row).execute();
}

/** The trace of a plant (lab instance), newest first. */
export function traceOf(db: Db, instanceId: string, limit: number) {
  return db
    .selectFrom('ai_trace')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Tokens a user spent since `since` (ISO time). */
export async function tokensSince(db: Db, userId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('ai_trace')
    .select((eb) => [
      eb.fn.sum<number>('prompt_tokens').as('prompt'),
      eb.fn.sum<number>('completion_tokens').as('completion'),
    ])
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.prompt ?? 0) + Number(row?.completion ?? 0);
}

/** Model calls made for these plants: how many, how many a defence acted on, how many failed. */
export async function traceSummaryOf(
  db: Db,
  instanceIds: readonly string[],
): Promise<{ calls: number; defended: number; failed: number }> {
  if (instanceIds.length === 0) return { calls: 0, defended: 0, failed: 0 };
  const rows = await db
    .selectFrom('ai_trace')
    .select(['defence_actions', 'status'])
    .where('instance_id', 'in', [...instanceIds])
    .execute();
  return {
    calls: rows.length,
    defended: rows.filter((row) => row.defence_actions !== '[]').length,
    failed: rows.filter((row) => row.status !== 'ok').length,
  };
}

/** Records (or re-records) an upstream answer for replay. */
export async function saveCassette(db: Db, row: AiCassetteTable): Promise<void> {
  await db
    .insertInto('ai_cassette')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('request_key').doUpdateSet({ answer: row.answer, recorded_at: row.recorded_at }),
    )
    .execute();
}

export function findCassette(db: Db, requestKey: string): Promise<AiCassetteTable | undefined> {
  return db.selectFrom('ai_cassette').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
}

export function allCassettes(db: Db): Promise<AiCassetteTable[]> {
  return db.selectFrom('ai_cassette').selectAll().orderBy('recorded_at').execute();
}
