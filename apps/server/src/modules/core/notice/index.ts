/** @module core/notice — TLP-labelled workspace notices (お知らせ). */
import { noticeErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerNoticeRoutes } from './notice.routes.js';

export { registerNoticeRoutes } from './notice.routes.js';
export type { NoticeTable } from './notice.table.js';

export const noticeModule = defineModule({
  name: 'core/notice',
  routes: registerNoticeRoutes,
  errors: noticeErrors,
  access: {
    'GET /api/workspaces/:workspaceId/notices': 'TLP and workspace',
    'POST /api/workspaces/:workspaceId/notices': 'content.write + label within clearance',
    'GET /api/notices/:id': 'TLP and workspace',
    'PATCH /api/notices/:id': 'TLP, workspace, content.write',
    'DELETE /api/notices/:id': 'TLP, workspace, content.write',
  },
});
