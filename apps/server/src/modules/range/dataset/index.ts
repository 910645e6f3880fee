/**
 * @module range/dataset — labelled synthetic data sets from the plant model (faults and attacks),
 * imports declared synthetic or de-identified with a personal-data check, CSV/XLSX export (R3).
 */
export { registerDatasetRoutes } from './dataset.routes.js';
export { buildDataset, datasetJobs, requestDataset } from './dataset.service.js';
export { defaultEvents, generateDataset, type DatasetSpec } from './dataset-generator.js';
export { findPersonalData, type PiiFinding } from './pii-check.js';
export type { RangeDatasetTable } from './dataset.table.js';
