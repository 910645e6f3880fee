/** SQL of plant detectors. @module */
import type { Db } from '../../../platform/index.js';
import type { PlantDetectorRow } from './detection.table.js';

export async function insertDetector(db: Db, row: PlantDetectorRow): Promise<void> {
  await db.insertInto('plant_detector').values(row).execute();
}

/** The plant's active detector: the one trained last. */
export function latestDetector(db: Db, instanceId: string): Promise<PlantDetectorRow | undefined> {
  return db
    .selectFrom('plant_detector')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
