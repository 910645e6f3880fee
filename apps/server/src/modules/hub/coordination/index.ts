/**
 * @module hub/coordination — one thread per counterparty of an incident (hosting provider,
 * registrar, network operator, national CSIRT, reporter…): request, TLP-checked and
 * victim-redacted messages through hub/correspondence (OpenPGP by hub/keyring), replies,
 * reminders and escalation on the job queue; takedown monitoring and days-to-takedown.
 */
import { coordinationErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { coordinationConfig } from './coordination.config.js';
import { registerCoordinationRoutes } from './coordination.routes.js';
import { coordinationJobs } from './coordination.service.js';
import * as createCoordination from './migrations/202612081100_create_coordination.js';
import { takedownJobs } from './takedown.service.js';

export { coordinationConfig } from './coordination.config.js';
export { followUpThread } from './coordination.service.js';
export { checkTarget } from './takedown.service.js';

export const coordinationModule = defineModule({
  name: 'hub/coordination',
  config: coordinationConfig,
  routes: registerCoordinationRoutes,
  migrations: { '202612081100_create_coordination': createCoordination },
  jobs: (ctx) => [...coordinationJobs(ctx), ...takedownJobs(ctx)],
  errors: coordinationErrors,
  access: {
    'GET /api/incidents/:id/coordination':
      "the incident's TLP and workspace; threads within clearance; recipients need reporter.read",
    'GET /api/incidents/:id/coordination/proposals':
      "the incident's TLP and workspace; directory entries within clearance",
    'POST /api/incidents/:id/coordination/threads':
      "the incident's TLP and workspace, content.write, label within clearance; audited",
    'GET /api/coordination/threads/:id/preview': "the thread's incident and label, reporter.read",
    'POST /api/coordination/threads/:id/send':
      "the thread's incident and label, content.write; TLP against recipients; audited",
    'POST /api/coordination/threads/:id/status': "the thread's incident and label, content.write; audited",
    'POST /api/incidents/:id/takedown-targets': "the incident's TLP and workspace, content.write; audited",
    'GET /api/takedown-targets/:id': "the target's incident's TLP and workspace",
    'POST /api/takedown-targets/:id/check': "the target's incident's TLP and workspace, content.write",
    'GET /api/workspaces/:workspaceId/takedown-statistics': 'content.read; incidents within clearance',
  },
});
