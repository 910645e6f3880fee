/**
 * The list of domain modules. Each registers its routes and jobs through its `index.ts`.
 * Hub modules go under `hub/`, Range modules under `range/`.
 * @module
 */
import { registerExcerptSource, type AppContext, type AppInstance, type JobDefinition } from '../platform/index.js';
import { registerAdminRoutes } from './core/admin/index.js';
import { registerNoticeRoutes } from './core/notice/index.js';
import { registerIncidentRoutes, reportExcerpts, timelineJobs } from './hub/incident/index.js';
import { intakeJobs, registerIntakeRoutes } from './hub/intake/index.js';
import { registerKeyringRoutes } from './hub/keyring/index.js';
import { datasetJobs, registerDatasetRoutes } from './range/dataset/index.js';
import { registerPlantRoutes } from './range/plant/index.js';

export function registerModules(app: AppInstance, ctx: AppContext): void {
  registerAdminRoutes(app, ctx);
  registerNoticeRoutes(app, ctx);
  registerIncidentRoutes(app, ctx);
  registerIntakeRoutes(app, ctx);
  registerKeyringRoutes(app, ctx);
  registerPlantRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  // Reports keep their text; their search documents keep only its words (decision 0010).
  registerExcerptSource('report', reportExcerpts);
}

/** Every module's jobs, bound to the context (the worker registers them). */
export function moduleJobs(ctx: AppContext): JobDefinition<never>[] {
  // Each job validates its own payload; the list is heterogeneous by nature.
  return [...intakeJobs(ctx), ...timelineJobs(ctx), ...datasetJobs(ctx)] as unknown as JobDefinition<never>[];
}
