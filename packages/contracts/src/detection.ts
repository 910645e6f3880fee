/** Range anomaly detection and predictive maintenance (issue 14, item 4), as the API shows them. */
import { z } from 'zod';

export const trainDetectorSchema = z.object({
  /** The window of the plant's history learnt as normal operation (simulated seconds of a run). */
  run: z.number().int().min(1).optional(),
  fromS: z.number().int().min(0).default(0),
  toS: z.number().int().min(0).optional(),
  /** Rows someone contributes as normal operation (a contractor's data: the poisoning surface). */
  contributed: z
    .object({
      columns: z.array(z.string().max(100)).min(1).max(100),
      rows: z.array(z.array(z.number())).max(100_000),
    })
    .optional(),
  /** The training-data validation defence: robust screening of every row against the plant's own history. */
  validate: z.boolean().default(false),
  /** Hardened detection: beside the statistical score, a replay check on every reading (a recording played back). */
  hardened: z.boolean().default(false),
});
export type TrainDetectorInput = z.infer<typeof trainDetectorSchema>;

export const detectorSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  tags: z.array(z.string()),
  components: z.number(),
  threshold: z.number(),
  trainingRows: z.number(),
  rejectedRows: z.number(),
  training: z.object({
    run: z.number(),
    fromS: z.number(),
    toS: z.number().nullable(),
    contributedRows: z.number(),
    validate: z.boolean(),
    hardened: z.boolean(),
  }),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DetectorDto = z.infer<typeof detectorSchema>;

export const detectionSchema = z.object({
  detector: detectorSchema.nullable(),
  /** The live score (smoothed; about 2 in normal operation), and whether it is above the threshold. */
  score: z.number().nullable(),
  alerting: z.boolean(),
  /** The last ten simulated minutes: [simulated second, score]. */
  recent: z.array(z.tuple([z.number(), z.number()])),
});
export type DetectionDto = z.infer<typeof detectionSchema>;

export const pumpHealthSchema = z.object({
  samples: z.number(),
  vibrationMmS: z.number(),
  vibrationTrendPerHour: z.number(),
  motorTemperatureC: z.number(),
  temperatureTrendPerHour: z.number(),
  currentA: z.number(),
  hoursToLimit: z.number().nullable(),
  limitingSign: z.enum(['vibration', 'temperature']).nullable(),
  status: z.enum(['ok', 'watch', 'act']),
});
export type PumpHealthDto = z.infer<typeof pumpHealthSchema>;
