/** The durable job queue. @module */
import type { Selectable } from 'kysely';

export interface JobTable {
  id: string;
  name: string;
  /** JSON payload, validated by the job's schema. */
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  /** Unique per job name: enqueuing the same key twice yields the first job. */
  idempotency_key: string | null;
  progress: number;
  progress_message: string | null;
  result: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
export type JobRow = Selectable<JobTable>;
