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

/**
 * How sensor spoofing falsifies the tank-level transmitter: `freeze` holds one value, `replay`
 * loops ten minutes of recorded normal readings, `drift` reads ever lower (the PLC fills to
 * compensate). It `reaches` the PLC (falsified at the transmitter: the control loop acts on it)
 * or only SCADA (falsified on the network: HMI, Modbus reads and MQTT are fooled, the PLC is not).
 * The SIS has its own transmitters and always sees the truth.
 */
export const SPOOF_MODES = ['freeze', 'replay', 'drift'] as const;
export type SpoofMode = (typeof SPOOF_MODES)[number];
export const SPOOF_REACHES = ['plc', 'scada'] as const;
export type SpoofReach = (typeof SPOOF_REACHES)[number];

/** How strong an event is and, for spoofing, how it is done; defaults: magnitude 1, replay to the PLC. */
export const scenarioEventOptionsSchema = z.object({
  /** Scales the fault or attack (wear rate, drift rate, turbidity, tampered set-point's excess). */
  magnitude: z.number().min(0.25).max(2).optional(),
  spoofMode: z.enum(SPOOF_MODES).optional(),
  spoofReaches: z.enum(SPOOF_REACHES).optional(),
});
export type ScenarioEventOptions = z.infer<typeof scenarioEventOptionsSchema>;

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
      events: z.array(
        z
          .object({ kind: z.enum(DATASET_EVENTS), startS: z.number(), durationS: z.number() })
          .merge(scenarioEventOptionsSchema),
      ),
    })
    .nullable(),
  piiFindings: z.array(z.object({ kind: z.string(), row: z.number(), column: z.string(), sample: z.string() })),
  tlp: tlpSchema,
  createdAt: z.string(),
});
export type DatasetDto = z.infer<typeof datasetSchema>;
