/**
 * @module range/detection — anomaly detection on a plant's telemetry (PCA baseline, Q + T²)
 * trained from its history and contributed rows (the poisoning surface, with a training-data
 * validation defence), scored live with alerts as plant events; evasion of the detector measured
 * against hardened detection (replay and independent-transmitter checks); predictive maintenance
 * of the intake pump (issue 14, item 4).
 */
import { detectionErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerDetectionRoutes } from './detection.routes.js';
import { startDetection } from './detection.service.js';
import * as createPlantDetector from './migrations/202612091000_create_plant_detector.js';

export { DETECTOR_TAGS, getDetection, startDetection, trainPlantDetector } from './detection.service.js';
export { measureEvasion, type EvasionMeasurement } from './evasion.js';
export type { PlantDetectorTable } from './detection.table.js';

export const detectionModule = defineModule({
  name: 'range/detection',
  routes: registerDetectionRoutes,
  migrations: { '202612091000_create_plant_detector': createPlantDetector },
  errors: detectionErrors,
  // After range/plant's runtime (services start in module order).
  services: [{ name: 'plant-detection', start: (ctx) => startDetection(ctx) }],
  access: {
    'POST /api/plants/:id/detector': 'plant owner or course staff, content.write; audited',
    'GET /api/plants/:id/detection': 'plant owner or course staff',
    'GET /api/plants/:id/pump-health': 'plant owner or course staff',
    'POST /api/plants/:id/detector/evasion': 'plant owner or course staff who may operate it (runs on copies)',
  },
});
