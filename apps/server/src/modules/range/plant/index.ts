/**
 * @module range/plant — the simulated water-treatment plant: process model, PLC loops, SIS,
 * alarms, Modbus/TCP and MQTT per instance, historian, snapshots (R3, R11).
 */
import { plantErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import * as historianRunsAndEvents from './migrations/202612042000_historian_runs_and_events.js';
import * as plantNotes from './migrations/202612042100_plant_notes.js';
import { plantConfig } from './plant.config.js';
import { registerPlantRoutes } from './plant.routes.js';
import { startPlantRuntime } from './plant.service.js';

export { registerPlantRoutes } from './plant.routes.js';
export { eventCountsOfCourse, listInstancesOf as plantsOfCourse } from './plant.repository.js';
export {
  assertCanOperatePlant,
  isCourseStaff,
  loadVisiblePlant,
  plantRuntime,
  plantSeedSchema,
  plantVisibleTo,
  startPlantRuntime,
  writeSetpoints,
  getPlantInstance,
  getHistory,
  acknowledgePlantAlarm,
} from './plant.service.js';
export { addNote, listNotes, notesForRetrieval } from './notes.service.js';
export type { PlantInstance } from './plant-instance.js';
export { PlantRuntime } from './plant-runtime.js';
export {
  createPlant,
  Random,
  readInstruments,
  resetTrip,
  stepPlant,
  TRIPS,
  type Setpoints,
  type Measurements,
  type PlantState,
} from './water-plant.js';
export { INPUT_REGISTERS } from './register-map.js';
export {
  ATTACK_EVENTS,
  SCENARIO_EVENTS,
  startScenarioEvent,
  type ScenarioEventKind,
  type StartedScenarioEvent,
} from './scenario-events.js';
export { syntheticXlsx, XLSX_MAX_ROWS } from './synthetic-xlsx.js';
export type {
  PlantEventTable,
  PlantInstanceTable,
  PlantSampleRollupTable,
  PlantSampleTable,
  PlantSnapshotTable,
} from './plant.table.js';
export { plantConfig } from './plant.config.js';

export const plantModule = defineModule({
  name: 'range/plant',
  config: plantConfig,
  errors: plantErrors,
  migrations: {
    '202612042000_historian_runs_and_events': historianRunsAndEvents,
    '202612042100_plant_notes': plantNotes,
  },
  routes: registerPlantRoutes,
  services: [{ name: 'plant-runtime', start: (ctx) => startPlantRuntime(ctx) }],
  access: {
    'GET /api/workspaces/:workspaceId/plants': 'plant owner or course staff',
    'POST /api/workspaces/:workspaceId/plants': 'workspace.manage',
    'GET /api/plants/:id': 'plant owner or course staff',
    'GET /api/plants/:id/live': 'plant owner or course staff, re-checked every event',
    'GET /api/plants/:id/modbus':
      'plant owner or course staff, API token only; writes need content.write and a write token; re-checked',
    'GET /api/plants/:id/notes': 'plant owner or course staff',
    'POST /api/plants/:id/notes': 'plant owner or course staff, content.write',
    'GET /api/plants/:id/modbus.pcap': 'plant owner or course staff',
    'GET /api/plants/:id/kpis': 'plant owner or course staff',
    'PUT /api/plants/:id/clock': 'course staff of the plant, audited',
    'PUT /api/workspaces/:workspaceId/plants/clock': 'course staff, audited',
    'POST /api/plants/:id/scenario-events': 'course staff of the plant, audited',
    'PATCH /api/plants/:id/setpoints': 'plant owner or course staff, content.write',
    'POST /api/plants/:id/trips/:trip/bypass': 'plant owner or course staff, content.write, logged',
    'POST /api/plants/:id/trips/:trip/reset': 'plant owner or course staff, content.write',
    'POST /api/plants/:id/alarms/:code/acknowledge': 'plant owner or course staff, content.write',
    'POST /api/plants/:id/reset': 'plant owner or course staff, content.write',
    'GET /api/plants/:id/snapshots': 'plant owner or course staff',
    'GET /api/plants/:id/history.csv': 'plant owner or course staff',
    'GET /api/plants/:id/history.xlsx': 'plant owner or course staff',
    'GET /api/plants/:id/history': 'plant owner or course staff',
    'GET /api/plants/:id/runs': 'plant owner or course staff',
    'GET /api/plants/:id/events': 'plant owner or course staff',
    'POST /api/plants/:id/snapshots': 'plant owner or course staff, content.write',
    'POST /api/plants/:id/snapshots/:snapshotId/restore': 'plant owner or course staff, content.write',
  },
});
