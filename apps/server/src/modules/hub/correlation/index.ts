/**
 * @module hub/correlation — what does not glue reports into one incident: Renkei's built-in
 * exclusion list, MISP warninglists imported per workspace, the workspace's own list, and the
 * over-correlation limit. Filing (hub/incident) reads them through `loadCorrelationRules`.
 */
import { correlationErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerCorrelationRoutes } from './correlation.routes.js';
import * as createCorrelationExclusion from './migrations/202612061100_create_correlation_exclusion.js';

export { loadCorrelationRules, OVER_CORRELATION_LIMIT, type CorrelationRules } from './correlation.service.js';
export type { CorrelationExclusionTable } from './correlation.table.js';

export const correlationModule = defineModule({
  name: 'hub/correlation',
  routes: registerCorrelationRoutes,
  migrations: { '202612061100_create_correlation_exclusion': createCorrelationExclusion },
  errors: correlationErrors,
  access: {
    'GET /api/workspaces/:workspaceId/correlation': 'content.read in the workspace',
    'POST /api/workspaces/:workspaceId/correlation/warninglists': 'content.write in the workspace, audited',
    'DELETE /api/workspaces/:workspaceId/correlation/warninglists/:name': 'content.write in the workspace, audited',
    'POST /api/workspaces/:workspaceId/correlation/exclusions': 'content.write in the workspace, audited',
    'DELETE /api/correlation/exclusions/:id': "content.write in the entry's workspace, audited",
  },
});
