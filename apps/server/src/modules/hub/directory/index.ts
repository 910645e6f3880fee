/**
 * @module hub/directory — the partner directory: organisations (CSIRTs, hosting providers,
 * registrars, ISPs, vendors…) with their people, addresses, languages, relationships and
 * constituency. The resolver and coordination read it through `loadConstituency` and
 * `organisationRows`.
 */
import { directoryErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerDirectoryRoutes } from './directory.routes.js';
import * as createDirectory from './migrations/202612071000_create_directory.js';

export { ConstituencyIndex, normaliseConstituency, type ConstituencyMatch } from './constituency.js';
export {
  loadConstituency,
  nationalCsirtsOf,
  organisationAddresses,
  organisationRows,
  type ConstituencyOwner,
  type OrganisationAddresses,
} from './directory.service.js';
export type { DirectoryOrganisationRow } from './directory.table.js';

export const directoryModule = defineModule({
  name: 'hub/directory',
  routes: registerDirectoryRoutes,
  migrations: { '202612071000_create_directory': createDirectory },
  errors: directoryErrors,
  access: {
    'GET /api/workspaces/:workspaceId/directory': 'content.read in the workspace; entries within TLP clearance',
    'POST /api/workspaces/:workspaceId/directory': 'content.write in the workspace, label within clearance, audited',
    'POST /api/workspaces/:workspaceId/directory/import':
      'content.write in the workspace, each row labelled within clearance, audited',
    'GET /api/workspaces/:workspaceId/directory/export': 'content.read in the workspace; entries within TLP clearance',
    'GET /api/directory/:id': "content.read in the entry's workspace and TLP within clearance",
    'PUT /api/directory/:id': "content.write in the entry's workspace, old and new label within clearance, audited",
    'DELETE /api/directory/:id': "content.write in the entry's workspace, TLP within clearance, audited",
  },
});
