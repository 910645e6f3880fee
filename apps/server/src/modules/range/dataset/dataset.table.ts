/** Range data sets. @module */
import type { Tlp } from '@renkei/contracts';
import type { Selectable } from 'kysely';

export interface RangeDatasetTable {
  id: string;
  workspace_id: string;
  name: string;
  /** generated | imported */
  origin: string;
  /** synthetic | de-identified */
  provenance: string;
  /** JSON DatasetSpec of a generated set. */
  spec: string | null;
  /** JSON array of column names. */
  columns: string;
  row_count: number;
  /** The CSV, in `blob`. */
  sha256: string | null;
  /** generating | ready | failed | flagged */
  status: string;
  /** JSON PiiFinding[] of an import. */
  pii_findings: string;
  tlp: Tlp;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type RangeDatasetRow = Selectable<RangeDatasetTable>;

// This module's tables in Kysely's Database type (the platform declares only its own).
declare module '../../../platform/index.js' {
  interface Database {
    range_dataset: RangeDatasetTable;
  }
}
