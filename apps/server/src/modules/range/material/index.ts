/**
 * @module range/material — lecture modules written once in Markdown (Japanese and English,
 * images, speaker notes, citations of third-party material), read slide by slide in the web app
 * and exported as PPTX, PDF handouts (Noto Sans JP embedded) and DOCX.
 */
import { defineModule } from '../../../platform/index.js';
import { registerMaterialRoutes } from './material.routes.js';
import * as createMaterial from './migrations/202612081700_create_material.js';

export { courseMaterials } from './material.service.js';
export { parseDeck, type Slide } from './deck.js';

export const materialModule = defineModule({
  name: 'range/material',
  routes: registerMaterialRoutes,
  migrations: { '202612081700_create_material': createMaterial },
  access: {
    'GET /api/workspaces/:workspaceId/materials': 'content.read in a Range course workspace',
    'POST /api/workspaces/:workspaceId/materials': 'workspace.manage (instructors); audited',
    'GET /api/materials/:id': "member of the module's course",
    'PUT /api/materials/:id': "workspace.manage in the module's course; audited",
    'PUT /api/materials/:id/images/:name': "workspace.manage in the module's course; PNG/JPEG checked; audited",
    'GET /api/materials/:id/images/:name': "member of the module's course",
    'GET /api/materials/:id/slides': "member of the module's course",
    'GET /api/materials/:id/export.:format': "member of the module's course",
  },
});
