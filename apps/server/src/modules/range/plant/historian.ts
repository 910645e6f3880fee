/**
 * The historian: raw samples at 1 Hz, and stored downsampling — one row per simulated minute
 * (averages; a trip, a command or a label counts if it was active at any sample) — so that long runs stay cheap to
 * read. Maintenance rolls up completed minutes and then applies retention: raw samples are kept
 * for `rangeRawRetentionHours` of simulated time, minute rows for `rangeRollupRetentionDays`.
 * Reads take the minute rows for coarse views (≥ 60 s per point) and raw samples otherwise.
 * Everything is per run: a reset or restore starts a new one, and earlier runs stay readable.
 * @module
 */
import type { Db } from '../../../platform/index.js';
import * as repository from './plant.repository.js';
import { COILS, HOLDING_REGISTERS, INPUT_REGISTERS } from './register-map.js';
import { TRIPS } from './water-plant.js';

export const HISTORY_COLUMNS = [
  'sim_time_s',
  ...INPUT_REGISTERS.map((register) => register.name),
  ...TRIPS.map((trip) => `trip_${trip}`),
  ...HOLDING_REGISTERS.map((register) => register.name),
  ...COILS.map((coil) => coil.name),
  ...TRIPS.map((trip) => `bypass_${trip}`),
  'label',
] as const;
const MINUTE = 60;

type TagValues = Record<string, number | boolean | string | undefined>;

function average(samples: readonly TagValues[]): TagValues {
  const result: TagValues = {};
  for (const column of HISTORY_COLUMNS.slice(1)) {
    const values = samples.map((sample) => sample[column]);
    if (values.some((value) => typeof value === 'boolean')) result[column] = values.some((value) => value === true);
    else if (column === 'label') {
      // Any event in the minute labels it (as a trip counts if it was active).
      const events = [
        ...new Set(values.filter((value): value is string => typeof value === 'string' && value !== 'normal')),
      ];
      if (values.some((value) => typeof value === 'string'))
        result[column] = events.length > 0 ? events.join('+') : 'normal';
    } else {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      if (numbers.length)
        result[column] = Math.round((numbers.reduce((sum, value) => sum + value, 0) / numbers.length) * 1000) / 1000;
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
export async function maintainHistory(
  db: Db,
  instanceId: string,
  run: number,
  currentSimS: number,
  retention: { rawS: number; rollupS: number },
): Promise<MaintenanceResult> {
  const last = await repository.lastRollupBucket(db, instanceId, run);
  const from = last === undefined ? 0 : last + MINUTE;
  const until = Math.floor(currentSimS / MINUTE) * MINUTE;
  let rolledUp = 0;
  if (until > from) {
    const raw = await repository.rawSamples(db, instanceId, run, { fromS: from, beforeS: until });
    const rows = [...rollup(raw)].map(([bucket, samples]) => ({
      instance_id: instanceId,
      run,
      bucket_s: bucket,
      samples: samples.length,
      tag_values: JSON.stringify(average(samples)),
    }));
    await repository.insertRollups(db, rows);
    rolledUp = rows.length;
  }
  // Raw samples go only once their minute is rolled up.
  const rawCutoff = Math.min(until, currentSimS - retention.rawS);
  const pruned = await repository.pruneHistory(db, instanceId, run, rawCutoff, currentSimS - retention.rollupS);
  return { rolledUp, prunedRaw: pruned.raw, prunedRollups: pruned.rollups };
}

export interface HistoryQuery {
  /** The run (reset and restore start a new one). */
  run: number;
  fromS: number;
  toS?: number | undefined;
  everyS: number;
}

/** History rows (`HISTORY_COLUMNS` order), at most one per `everyS`, oldest first. */
export async function readHistory(
  db: Db,
  instanceId: string,
  query: HistoryQuery,
  limit = 500_000,
): Promise<(number | boolean | string | null)[][]> {
  const toRow = (time: number, values: TagValues) => [
    time,
    ...HISTORY_COLUMNS.slice(1).map((column) => values[column] ?? null),
  ];
  const rows: (number | boolean | string | null)[][] = [];
  let lastBucket = -1;
  const push = (time: number, values: TagValues) => {
    const bucket = Math.floor(time / query.everyS);
    if (bucket === lastBucket || rows.length >= limit) return;
    lastBucket = bucket;
    rows.push(toRow(time, values));
  };
  let rawFrom = query.fromS;
  if (query.everyS >= MINUTE) {
    const minutes = await repository.rollupRows(db, instanceId, query.run, {
      fromS: Math.floor(query.fromS / MINUTE) * MINUTE,
      toS: query.toS,
    });
    for (const minute of minutes) push(minute.bucket_s, JSON.parse(minute.tag_values) as TagValues);
    // The minutes not rolled up yet come from the raw samples, averaged the same way.
    const lastMinute = minutes.at(-1);
    if (lastMinute) rawFrom = lastMinute.bucket_s + MINUTE;
    const tail = await repository.rawSamples(db, instanceId, query.run, {
      fromS: rawFrom,
      toS: query.toS,
      limit: limit * MINUTE,
    });
    for (const [bucket, samples] of rollup(tail)) push(bucket, average(samples));
    return rows;
  }
  for (const sample of await repository.rawSamples(db, instanceId, query.run, {
    fromS: rawFrom,
    toS: query.toS,
    limit: limit * query.everyS,
  }))
    push(sample.sim_time_s, JSON.parse(sample.tag_values) as TagValues);
  return rows;
}
