/** Anomaly detectors trained for a plant. @module */
import type { Selectable } from 'kysely';

export interface PlantDetectorTable {
  id: string;
  instance_id: string;
  workspace_id: string;
  /** JSON: run, fromS, toS, contributedRows, validate. */
  training: string;
  /** JSON: the BaselineModel (PCA of the tags). */
  model: string;
  threshold: number;
  training_rows: number;
  rejected_rows: number;
  created_by: string | null;
  created_at: string;
}
export type PlantDetectorRow = Selectable<PlantDetectorTable>;

declare module '../../../platform/index.js' {
  interface Database {
    plant_detector: PlantDetectorTable;
  }
}
