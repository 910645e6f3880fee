/**
 * @module core/admin — users, workspaces (tenants) and memberships: who may work where, in which
 * role, with which TLP clearance.
 */
export { registerAdminRoutes } from './admin.routes.js';
export { createWorkspace, toUserDto, toWorkspaceDto } from './admin.service.js';
