/** SQL of the plant: instances, snapshots, runs, the historian's raw samples and minute rows, and events. @module */
import type { Insertable } from 'kysely';
import type { Db } from '../../../platform/index.js';
import type {
  PlantEventTable,
  PlantNoteRow,
  PlantInstanceRow,
  PlantSampleRollupTable,
  PlantSampleTable,
} from './plant.table.js';

export function listAllInstances(db: Db): Promise<PlantInstanceRow[]> {
  return db.selectFrom('plant_instance').selectAll().execute();
}

export function listInstancesOf(db: Db, workspaceId: string): Promise<PlantInstanceRow[]> {
  return db.selectFrom('plant_instance').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
}

export function findInstance(db: Db, id: string): Promise<PlantInstanceRow | undefined> {
  return db.selectFrom('plant_instance').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countInstancesOf(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('plant_instance')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The highest Modbus port given to any instance (0 when none). */
export async function highestModbusPort(db: Db): Promise<number> {
  const row = await db
    .selectFrom('plant_instance')
    .select((eb) => eb.fn.max('modbus_port').as('port'))
    .executeTakeFirst();
  return Number(row?.port ?? 0);
}

export async function insertInstance(db: Db, row: PlantInstanceRow): Promise<void> {
  await db.insertInto('plant_instance').values(row).execute();
}

export async function saveInstanceState(db: Db, id: string, state: string, updatedAt: string): Promise<void> {
  await db.updateTable('plant_instance').set({ state, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function insertSnapshot(
  db: Db,
  snapshot: { id: string; instance_id: string; name: string; state: string; created_by: string; created_at: string },
): Promise<void> {
  await db.insertInto('plant_snapshot').values(snapshot).execute();
}

export function listSnapshotsOf(db: Db, instanceId: string) {
  return db
    .selectFrom('plant_snapshot')
    .select(['id', 'name', 'created_at'])
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .execute();
}

export function findSnapshot(db: Db, instanceId: string, snapshotId: string) {
  return db
    .selectFrom('plant_snapshot')
    .selectAll()
    .where('id', '=', snapshotId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
}

/** Stores raw samples; a sample already stored for that run and simulated second is kept. */
export async function insertSamples(db: Db, samples: readonly Insertable<PlantSampleTable>[]): Promise<void> {
  if (samples.length === 0) return;
  await db
    .insertInto('plant_sample')
    .values([...samples])
    .onConflict((oc) => oc.columns(['instance_id', 'run', 'sim_time_s']).doNothing())
    .execute();
}

/** The start of the newest stored minute row of an instance's run, if any. */
export async function lastRollupBucket(db: Db, instanceId: string, run: number): Promise<number | undefined> {
  const last = await db
    .selectFrom('plant_sample_rollup')
    .select((eb) => eb.fn.max('bucket_s').as('bucket'))
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .executeTakeFirst();
  return last?.bucket === null || last?.bucket === undefined ? undefined : Number(last.bucket);
}

/** Raw samples of an instance from `fromS` (inclusive), oldest first; `toS` inclusive, or `beforeS` exclusive. */
export function rawSamples(
  db: Db,
  instanceId: string,
  run: number,
  range: { fromS: number; toS?: number | undefined; beforeS?: number; limit?: number },
) {
  let query = db
    .selectFrom('plant_sample')
    .select(['sim_time_s', 'tag_values'])
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .where('sim_time_s', '>=', range.fromS);
  if (range.toS !== undefined) query = query.where('sim_time_s', '<=', range.toS);
  if (range.beforeS !== undefined) query = query.where('sim_time_s', '<', range.beforeS);
  query = query.orderBy('sim_time_s');
  return (range.limit !== undefined ? query.limit(range.limit) : query).execute();
}

/** Minute rows of an instance from `fromS`, up to `toS` (inclusive), oldest first. */
export function rollupRows(
  db: Db,
  instanceId: string,
  run: number,
  range: { fromS: number; toS?: number | undefined },
) {
  let query = db
    .selectFrom('plant_sample_rollup')
    .select(['bucket_s', 'tag_values'])
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .where('bucket_s', '>=', range.fromS);
  if (range.toS !== undefined) query = query.where('bucket_s', '<=', range.toS);
  return query.orderBy('bucket_s').execute();
}

/** Stores minute rows, one statement per 500; a minute already stored is kept. */
export async function insertRollups(db: Db, rows: readonly Insertable<PlantSampleRollupTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('plant_sample_rollup')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['instance_id', 'run', 'bucket_s']).doNothing())
      .execute();
  }
}

/** Deletes raw samples before `beforeS` and minute rows before `rollupsBeforeS`; how many of each went. */
export async function pruneHistory(
  db: Db,
  instanceId: string,
  run: number,
  beforeS: number,
  rollupsBeforeS: number,
): Promise<{ raw: number; rollups: number }> {
  const raw = await db
    .deleteFrom('plant_sample')
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .where('sim_time_s', '<', beforeS)
    .executeTakeFirst();
  const rollups = await db
    .deleteFrom('plant_sample_rollup')
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .where('bucket_s', '<', rollupsBeforeS)
    .executeTakeFirst();
  return { raw: Number(raw.numDeletedRows), rollups: Number(rollups.numDeletedRows) };
}

/** Starts the next run of an instance (reset, restore) with its new state; returns the run. */
export async function startRun(db: Db, id: string, state: string, updatedAt: string): Promise<number> {
  const row = await db
    .updateTable('plant_instance')
    .set((eb) => ({ run: eb('run', '+', 1), state, updated_at: updatedAt }))
    .where('id', '=', id)
    .returning('run')
    .executeTakeFirstOrThrow();
  return Number(row.run);
}

export async function insertEvents(db: Db, events: readonly Insertable<PlantEventTable>[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500)
    await db
      .insertInto('plant_event')
      .values(events.slice(i, i + 500))
      .execute();
}

/** Events of an instance's run, oldest first. */
export function eventsOf(db: Db, instanceId: string, run: number, limit = 10_000) {
  return db
    .selectFrom('plant_event')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('run', '=', run)
    .orderBy('sim_time_s')
    .orderBy('at')
    .limit(limit)
    .execute();
}

/** The runs of an instance that have samples or events: run, first and last simulated second. */
export async function runsOf(db: Db, instanceId: string) {
  const samples = await db
    .selectFrom('plant_sample')
    .select(['run', (eb) => eb.fn.min('sim_time_s').as('from_s'), (eb) => eb.fn.max('sim_time_s').as('to_s')])
    .where('instance_id', '=', instanceId)
    .groupBy('run')
    .execute();
  const rollups = await db
    .selectFrom('plant_sample_rollup')
    .select(['run', (eb) => eb.fn.min('bucket_s').as('from_s'), (eb) => eb.fn.max('bucket_s').as('to_s')])
    .where('instance_id', '=', instanceId)
    .groupBy('run')
    .execute();
  const runs = new Map<number, { run: number; fromS: number; toS: number }>();
  for (const row of [...rollups, ...samples]) {
    const run = Number(row.run);
    const known = runs.get(run);
    const fromS = Number(row.from_s);
    const toS = Number(row.to_s);
    runs.set(run, {
      run,
      fromS: known ? Math.min(known.fromS, fromS) : fromS,
      toS: known ? Math.max(known.toS, toS) : toS,
    });
  }
  return [...runs.values()].sort((a, b) => a.run - b.run);
}

export async function insertNote(db: Db, note: PlantNoteRow): Promise<void> {
  await db.insertInto('plant_note').values(note).execute();
}

/** Notes of an instance, newest first, optionally of one kind. */
export function notesOf(db: Db, instanceId: string, kind?: string, limit = 500) {
  let query = db.selectFrom('plant_note').selectAll().where('instance_id', '=', instanceId);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('created_at', 'desc').limit(limit).execute();
}

/** How many events of each kind the course's plants recorded (all runs): the report's lab activity. */
export async function eventCountsOfCourse(db: Db, workspaceId: string): Promise<{ kind: string; count: number }[]> {
  const rows = await db
    .selectFrom('plant_event as e')
    .innerJoin('plant_instance as i', 'i.id', 'e.instance_id')
    .select(['e.kind', db.fn.countAll<number>().as('count')])
    .where('i.workspace_id', '=', workspaceId)
    .groupBy('e.kind')
    .execute();
  return rows.map((row) => ({ kind: row.kind, count: Number(row.count) }));
}
