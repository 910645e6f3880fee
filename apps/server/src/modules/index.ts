/**
 * The domain modules, in the order their routes, jobs and services are registered and started.
 * Each module is one folder whose `index.ts` exports one `RenkeiModule` (the contract:
 * platform/module/renkei-module.ts); adding a module is its folder and one line here
 * (docs/how-to-add-a-module.md). Hub modules go under `hub/`, Range modules under `range/`.
 * @module
 */
import type { RenkeiModule } from '../platform/index.js';
import { adminModule } from './core/admin/index.js';
import { noticeModule } from './core/notice/index.js';
import { coordinationModule } from './hub/coordination/index.js';
import { correlationModule } from './hub/correlation/index.js';
import { correspondenceModule } from './hub/correspondence/index.js';
import { directoryModule } from './hub/directory/index.js';
import { feedsModule } from './hub/feeds/index.js';
import { incidentModule } from './hub/incident/index.js';
import { intakeModule } from './hub/intake/index.js';
import { keyringModule } from './hub/keyring/index.js';
import { resolverModule } from './hub/resolver/index.js';
import { courseModule } from './range/course/index.js';
import { surveyModule } from './range/survey/index.js';
import { reflectionModule } from './range/reflection/index.js';
import { reportModule } from './range/report/index.js';
import { materialModule } from './range/material/index.js';
import { worksheetModule } from './range/worksheet/index.js';
import { datasetModule } from './range/dataset/index.js';
import { gatewayModule } from './range/gateway/index.js';
import { knowledgeModule } from './range/knowledge/index.js';
import { assistantModule } from './range/assistant/index.js';
import { plantModule } from './range/plant/index.js';
import { detectionModule } from './range/detection/index.js';

export const MODULES: readonly RenkeiModule[] = [
  adminModule,
  noticeModule,
  correspondenceModule,
  incidentModule,
  correlationModule,
  intakeModule,
  keyringModule,
  directoryModule,
  resolverModule,
  feedsModule,
  coordinationModule,
  plantModule,
  courseModule,
  surveyModule,
  reflectionModule,
  reportModule,
  materialModule,
  worksheetModule,
  datasetModule,
  detectionModule,
  gatewayModule,
  knowledgeModule,
  assistantModule,
];
