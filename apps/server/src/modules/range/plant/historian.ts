/**
 * The historian: raw samples at 1 Hz, and stored downsampling — one row per simulated minute
 * (averages; a trip counts if it was active at any sample) — so that long runs stay cheap to
 * read. Maintenance rolls up completed minutes and then applies retention: raw samples are kept
 * for `rangeRawRetentionHours` of simulated time, minute rows for `rangeRollupRetentionDays`.
 * Reads take the minute rows for coarse views (≥ 60 s per point) and raw samples otherwise.
 * @module
 */
import type { Db } from '../../../platform/index.js';
import { INPUT_REGISTERS } from './register-map.js';
import { TRIPS } from './water-plant.js';

export const HISTORY_COLUMNS = ['sim_time_s', ...INPUT_REGISTERS.map((register) => register.name), ...TRIPS.map((trip) => `trip_${trip}`)] as const;
const MINUTE = 60;

type TagValues = Record<string, number | boolean | string | undefined>;

function average(samples: readonly TagValues[]): TagValues {
  const result: TagValues = {};
  for (const column of HISTORY_COLUMNS.slice(1)) {
    const values = samples.map((sample) => sample[column]);
    if (column.startsWith('trip_')) result[column] = values.some((value) => value === true);
    else {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      if (numbers.length) result[column] = Math.round((numbers.reduce((sum, value) => sum + value, 0) / numbers.length) * 1000) / 1000;
    }
  }
  return result;
}

function rollup(raw: readonly { sim_time_s: number; tag_values: string }[]): Map<number, TagValues[]> {
  const buckets = new Map<number, TagValues[]>();
  for (const sample of raw) {
    const bucket = Math.floor(sample.sim_time_s / MINUTE) * MINUTE;
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(JSON.parse(sample.tag_values) as TagValues);
  }
  return buckets;
}

export interface MaintenanceResult {
  rolledUp: number;
  prunedRaw: number;
  prunedRollups: number;
}

/** Rolls up completed minutes of one instance and applies retention. Idempotent. */
export async function maintainHistory(db: Db, instanceId: string, currentSimS: number, retention: { rawS: number; rollupS: number }): Promise<MaintenanceResult> {
  const last = await db.selectFrom('plant_sample_rollup').select((eb) => eb.fn.max('bucket_s').as('bucket')).where('instance_id', '=', instanceId).executeTakeFirst();
  const from = last?.bucket === null || last?.bucket === undefined ? 0 : Number(last.bucket) + MINUTE;
  const until = Math.floor(currentSimS / MINUTE) * MINUTE;
  let rolledUp = 0;
  if (until > from) {
    const raw = await db.selectFrom('plant_sample').select(['sim_time_s', 'tag_values']).where('instance_id', '=', instanceId).where('sim_time_s', '>=', from).where('sim_time_s', '<', until).orderBy('sim_time_s').execute();
    const rows = [...rollup(raw)].map(([bucket, samples]) => ({ instance_id: instanceId, bucket_s: bucket, samples: samples.length, tag_values: JSON.stringify(average(samples)) }));
    for (let i = 0; i < rows.length; i += 500) {
      await db.insertInto('plant_sample_rollup').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['instance_id', 'bucket_s']).doNothing()).execute();
    }
    rolledUp = rows.length;
  }
  // Raw samples go only once their minute is rolled up.
  const rawCutoff = Math.min(until, currentSimS - retention.rawS);
  const prunedRaw = await db.deleteFrom('plant_sample').where('instance_id', '=', instanceId).where('sim_time_s', '<', rawCutoff).executeTakeFirst();
  const prunedRollups = await db.deleteFrom('plant_sample_rollup').where('instance_id', '=', instanceId).where('bucket_s', '<', currentSimS - retention.rollupS).executeTakeFirst();
  return { rolledUp, prunedRaw: Number(prunedRaw.numDeletedRows), prunedRollups: Number(prunedRollups.numDeletedRows) };
}

export interface HistoryQuery {
  fromS: number;
  toS?: number | undefined;
  everyS: number;
}

/** History rows (`HISTORY_COLUMNS` order), at most one per `everyS`, oldest first. */
export async function readHistory(db: Db, instanceId: string, query: HistoryQuery, limit = 500_000): Promise<(number | boolean | null)[][]> {
  const toRow = (time: number, values: TagValues) => [time, ...HISTORY_COLUMNS.slice(1).map((column) => (values[column] as number | boolean | undefined) ?? null)];
  const rows: (number | boolean | null)[][] = [];
  let lastBucket = -1;
  const push = (time: number, values: TagValues) => {
    const bucket = Math.floor(time / query.everyS);
    if (bucket === lastBucket || rows.length >= limit) return;
    lastBucket = bucket;
    rows.push(toRow(time, values));
  };
  let rawFrom = query.fromS;
  if (query.everyS >= MINUTE) {
    let select = db.selectFrom('plant_sample_rollup').select(['bucket_s', 'tag_values']).where('instance_id', '=', instanceId).where('bucket_s', '>=', Math.floor(query.fromS / MINUTE) * MINUTE);
    if (query.toS !== undefined) select = select.where('bucket_s', '<=', query.toS);
    const minutes = await select.orderBy('bucket_s').execute();
    for (const minute of minutes) push(minute.bucket_s, JSON.parse(minute.tag_values) as TagValues);
    // The minutes not rolled up yet come from the raw samples, averaged the same way.
    const lastMinute = minutes.at(-1);
    if (lastMinute) rawFrom = lastMinute.bucket_s + MINUTE;
    let tail = db.selectFrom('plant_sample').select(['sim_time_s', 'tag_values']).where('instance_id', '=', instanceId).where('sim_time_s', '>=', rawFrom);
    if (query.toS !== undefined) tail = tail.where('sim_time_s', '<=', query.toS);
    for (const [bucket, samples] of rollup(await tail.orderBy('sim_time_s').limit(limit * MINUTE).execute())) push(bucket, average(samples));
    return rows;
  }
  let select = db.selectFrom('plant_sample').select(['sim_time_s', 'tag_values']).where('instance_id', '=', instanceId).where('sim_time_s', '>=', rawFrom);
  if (query.toS !== undefined) select = select.where('sim_time_s', '<=', query.toS);
  for (const sample of await select.orderBy('sim_time_s').limit(limit * query.everyS).execute()) push(sample.sim_time_s, JSON.parse(sample.tag_values) as TagValues);
  return rows;
}
