/**
 * The list of domain modules. Each registers its routes (and jobs) through its `index.ts`.
 * Hub modules go under `hub/`, Range modules under `range/` (added by later issues).
 * @module
 */
import type { AppContext, AppInstance } from '../platform/index.js';
import { registerAdminRoutes } from './core/admin/index.js';
import { registerNoticeRoutes } from './core/notice/index.js';

export function registerModules(app: AppInstance, ctx: AppContext): void {
  registerAdminRoutes(app, ctx);
  registerNoticeRoutes(app, ctx);
}
