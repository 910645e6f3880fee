/**
 * @module range/plant — the simulated water-treatment plant: process model, PLC loops, SIS,
 * alarms, Modbus/TCP and MQTT per instance, historian, snapshots (R3, R11).
 */
export { registerPlantRoutes } from './plant.routes.js';
export { plantRuntime, startPlantRuntime } from './plant.service.js';
export { PlantRuntime } from './plant-runtime.js';
export { createPlant, stepPlant, type PlantState } from './water-plant.js';
export type { PlantInstanceTable, PlantSampleTable, PlantSnapshotTable } from './plant.table.js';
