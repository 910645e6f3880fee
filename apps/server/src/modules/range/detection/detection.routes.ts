/** HTTP routes of plant anomaly detection and pump health. @module */
import { detectionSchema, detectorSchema, pumpHealthSchema, trainDetectorSchema } from '@renkei/contracts';
import { z } from 'zod';
import { requireActor, type AppContext, type AppInstance } from '../../../platform/index.js';
import * as detection from './detection.service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const evasionOutcome = z.object({ successRate: z.number(), meanAlertS: z.number().nullable() });
const evasionSchema = z.object({
  repeats: z.number(),
  cases: z.array(z.object({ id: z.string(), baseline: evasionOutcome, hardened: evasionOutcome })),
  falseAlertsPerHour: z.object({ baseline: z.number(), hardened: z.number() }),
  successRate: z.object({ baseline: z.number(), hardened: z.number() }),
});

export function registerDetectionRoutes(app: AppInstance, ctx: AppContext): void {
  app.post(
    '/api/plants/:id/detector',
    {
      // A contractor's data set can be large.
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags: ['detection'],
        summary: "Train the plant's anomaly detector from its history (and contributed rows) and switch it on",
        params: idParams,
        body: trainDetectorSchema,
        response: { 201: detectorSchema },
      },
    },
    async (request, reply) => {
      const detector = await detection.trainPlantDetector(ctx, requireActor(request), request.params.id, request.body);
      return reply.code(201).send(detector);
    },
  );
  app.get(
    '/api/plants/:id/detection',
    {
      schema: {
        tags: ['detection'],
        summary: "The plant's detector, its live score and the last ten minutes of scores",
        params: idParams,
        response: { 200: detectionSchema },
      },
    },
    async (request) => detection.getDetection(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/api/plants/:id/detector/evasion',
    {
      schema: {
        tags: ['detection'],
        summary:
          'Measure evasion of anomaly detection on copies of the plant: attack success with the statistical detector alone and hardened',
        params: idParams,
        // Each repetition simulates a day of the plant (about a second).
        body: z.object({ repeats: z.number().int().min(1).max(10).default(3) }),
        response: { 200: evasionSchema },
      },
    },
    async (request) => detection.measurePlantEvasion(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/plants/:id/pump-health',
    {
      schema: {
        tags: ['detection'],
        summary: "The intake pump's health: vibration and temperature trends, hours to their limits",
        params: idParams,
        response: { 200: pumpHealthSchema.nullable() },
      },
    },
    async (request) => detection.getPumpHealth(ctx, requireActor(request), request.params.id),
  );
}
