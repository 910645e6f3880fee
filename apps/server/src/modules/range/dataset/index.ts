/**
 * @module range/dataset — labelled synthetic data sets from the plant model (faults and attacks),
 * imports declared synthetic or de-identified with a personal-data check, CSV/XLSX export (R3).
 */
import { defineModule } from '../../../platform/index.js';
import { registerDatasetRoutes } from './dataset.routes.js';
import { datasetJobs } from './dataset.service.js';

export { registerDatasetRoutes } from './dataset.routes.js';
export { buildDataset, datasetJobs, requestDataset } from './dataset.service.js';
export { DATASET_COLUMNS, defaultEvents, generateDataset, type DatasetSpec } from './dataset-generator.js';
export {
  rocAuc,
  rowScore,
  scoreBaseline,
  smoothingWeight,
  trainBaseline,
  type BaselineModel,
} from './anomaly-baseline.js';
export { findPersonalData, type PiiFinding } from './pii-check.js';
export type { RangeDatasetTable } from './dataset.table.js';

export const datasetModule = defineModule({
  name: 'range/dataset',
  routes: registerDatasetRoutes,
  jobs: datasetJobs,
  access: {
    'GET /api/workspaces/:workspaceId/datasets': 'content.read; TLP',
    'POST /api/workspaces/:workspaceId/datasets': 'content.write + label within clearance',
    'POST /api/workspaces/:workspaceId/datasets/import': 'content.write + label within clearance; declaration required',
    'GET /api/datasets/:id': 'workspace and TLP',
    'GET /api/datasets/:id/download': 'workspace and TLP; flagged imports: workspace.manage',
  },
});
