/**
 * @module range/reflection — trainees' reflections (what they learnt, what they will apply),
 * tagged by staff with key opinions marked; the summary feeds the implementation report.
 */
import { defineModule } from '../../../platform/index.js';
import * as createReflection from './migrations/202612081500_create_reflection.js';
import { registerReflectionRoutes } from './reflection.routes.js';

export { summaryOf as reflectionSummaryOf } from './reflection.service.js';

export const reflectionModule = defineModule({
  name: 'range/reflection',
  routes: registerReflectionRoutes,
  migrations: { '202612081500_create_reflection': createReflection },
  access: {
    'GET /api/workspaces/:workspaceId/reflections/mine': 'content.read; your own only',
    'PUT /api/workspaces/:workspaceId/reflections/mine': 'content.write; your own only; audited',
    'GET /api/workspaces/:workspaceId/reflections': 'course staff',
    'PUT /api/reflections/:id/tags': "course staff of the reflection's course; audited",
    'GET /api/workspaces/:workspaceId/reflections/summary': 'course staff',
  },
});
