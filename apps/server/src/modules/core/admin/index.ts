/**
 * @module core/admin — users, workspaces (tenants) and memberships: who may work where, in which
 * role, with which TLP clearance.
 */
import { adminErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerAdminRoutes } from './admin.routes.js';

export { registerAdminRoutes } from './admin.routes.js';
export { createWorkspace, toUserDto, toWorkspaceDto } from './admin.service.js';

export const adminModule = defineModule({
  name: 'core/admin',
  routes: registerAdminRoutes,
  errors: adminErrors,
  access: {
    'GET /api/admin/users': 'system admin',
    'POST /api/admin/users': 'system admin',
    'PATCH /api/admin/users/:id': 'system admin',
    'POST /api/admin/users/:id/password': 'system admin',
    'GET /api/admin/audit': 'system admin',
    'GET /api/workspaces': 'own workspaces',
    'POST /api/workspaces': 'system admin',
    'GET /api/workspaces/:id/members': 'workspace.manage',
    'PUT /api/workspaces/:id/members/:username': 'workspace.manage',
    'DELETE /api/workspaces/:id/members/:username': 'workspace.manage',
    'GET /api/workspaces/:id/audit': 'audit.read',
  },
});
