/**
 * @module range/plant — the simulated water-treatment plant: process model, PLC loops, SIS,
 * alarms, Modbus/TCP and MQTT per instance, historian, snapshots (R3, R11).
 */
export { registerPlantRoutes } from './plant.routes.js';
export { plantRuntime, startPlantRuntime } from './plant.service.js';
export { PlantRuntime } from './plant-runtime.js';
export { createPlant, stepPlant, TRIPS, type Measurements, type PlantState } from './water-plant.js';
export { INPUT_REGISTERS } from './register-map.js';
export { syntheticXlsx, XLSX_MAX_ROWS } from './synthetic-xlsx.js';
export type { PlantInstanceTable, PlantSampleRollupTable, PlantSampleTable, PlantSnapshotTable } from './plant.table.js';
