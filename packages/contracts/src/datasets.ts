/** Range data sets (R3): labelled synthetic sets and declared imports, as the API shows them. */
import { z } from 'zod';
import { tlpSchema } from './tlp.js';

/** Faults and attacks the generator can inject; each labels the rows it covers. */
export const DATASET_EVENTS = [
  'pump_degradation',
  'chlorine_sensor_drift',
  'turbidity_spike',
  'setpoint_tampering',
  'sensor_spoofing',
  'sis_bypass_overdose',
] as const;
export type DatasetEventKind = (typeof DATASET_EVENTS)[number];

export const datasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(['generated', 'imported']),
  provenance: z.enum(['synthetic', 'de-identified']),
  status: z.enum(['generating', 'ready', 'failed', 'flagged']),
  columns: z.array(z.string()),
  rowCount: z.number(),
  spec: z
    .object({
      seed: z.number(),
      durationS: z.number(),
      everyS: z.number(),
      events: z.array(z.object({ kind: z.enum(DATASET_EVENTS), startS: z.number(), durationS: z.number() })),
    })
    .nullable(),
  piiFindings: z.array(z.object({ kind: z.string(), row: z.number(), column: z.string(), sample: z.string() })),
  tlp: tlpSchema,
  createdAt: z.string(),
});
export type DatasetDto = z.infer<typeof datasetSchema>;
