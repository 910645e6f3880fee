/** Tables of plant instances, their snapshots and the historian. @module */
import type { Tlp } from '@renkei/contracts';
import type { Generated, Selectable } from 'kysely';

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
  /** The current run: 1 at creation, one more at every reset or restore (the historian keys by it). */
  run: Generated<number>;
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
  run: number;
  /** Simulated seconds since the instance started. */
  sim_time_s: number;
  recorded_at: string;
  /** JSON of the tag values (synthetic data). */
  tag_values: string;
}

/** Stored downsampling: one row per instance and simulated minute (averages; trips: any). */
export interface PlantSampleRollupTable {
  instance_id: string;
  run: number;
  /** Simulated second the minute starts at. */
  bucket_s: number;
  samples: number;
  tag_values: string;
}

/**
 * What changed a plant, beside its samples: set-points and commands, bypasses, trips, trip and
 * alarm resets, runs started — each with its source (api, modbus, sis, operator…), the user when
 * known, and the channel (e.g. `modbus-tunnel 10.0.0.5`).
 */
export interface PlantEventTable {
  id: string;
  instance_id: string;
  run: number;
  sim_time_s: number;
  at: string;
  kind: string;
  source: string;
  actor_id: string | null;
  channel: string | null;
  /** JSON: the changes, the trip, the reason… */
  detail: string;
}
export type PlantEventRow = Selectable<PlantEventTable>;

/** Free text about a plant: shift log, work orders, alarm comments, equipment notes. */
export interface PlantNoteTable {
  id: string;
  instance_id: string;
  kind: string;
  subject: string;
  body: string;
  author_id: string | null;
  /** person (HMI/API), agent, operator (simulated), instructor… */
  source: string;
  channel: string | null;
  sim_time_s: number;
  created_at: string;
}
export type PlantNoteRow = Selectable<PlantNoteTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    plant_instance: PlantInstanceTable;
    plant_snapshot: PlantSnapshotTable;
    plant_sample: PlantSampleTable;
    plant_sample_rollup: PlantSampleRollupTable;
    plant_event: PlantEventTable;
    plant_note: PlantNoteTable;
  }
}
