/** Tables of plant instances, their snapshots and the historian. @module */
import type { Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export interface PlantInstanceTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The trainee (or group lead) it belongs to; null: shared by the instructors. */
  owner_user_id: string | null;
  scenario: string;
  seed: number;
  modbus_port: number;
  tlp: Tlp;
  /** JSON PlantState, persisted so a restart (or another PC) continues where it was. */
  state: string;
  created_at: string;
  updated_at: string;
}
export type PlantInstanceRow = Selectable<PlantInstanceTable>;

export interface PlantSnapshotTable {
  id: string;
  instance_id: string;
  name: string;
  state: string;
  created_by: string | null;
  created_at: string;
}

export interface PlantSampleTable {
  instance_id: string;
  /** Simulated seconds since the instance started. */
  sim_time_s: number;
  recorded_at: string;
  /** JSON of the tag values (synthetic data). */
  tag_values: string;
}

/** Stored downsampling: one row per instance and simulated minute (averages; trips: any). */
export interface PlantSampleRollupTable {
  instance_id: string;
  /** Simulated second the minute starts at. */
  bucket_s: number;
  samples: number;
  tag_values: string;
}

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    plant_instance: PlantInstanceTable;
    plant_snapshot: PlantSnapshotTable;
    plant_sample: PlantSampleTable;
    plant_sample_rollup: PlantSampleRollupTable;
  }
}
