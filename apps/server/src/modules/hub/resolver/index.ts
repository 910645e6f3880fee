/**
 * @module hub/resolver — who is responsible for an address, a domain or a URL: offline IP → AS /
 * country data (ip-location-db, in a range index), RDAP (cached; offline mode), the directory's
 * constituency (which wins), the country's national CSIRT. Each fact names its source.
 */
import { resolverErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import * as createRdapCache from './migrations/202612071100_create_rdap_cache.js';
import { resolverConfig } from './resolver.config.js';
import { registerResolverRoutes } from './resolver.routes.js';

export {
  asAbuseContact,
  forgetNetworkData,
  netdataDirOf,
  networkData,
  resolveFor,
  type AsAbuseContact,
} from './resolver.service.js';
export { NETDATA_FILES, loadNetworkData, type NetworkData } from './netdata.js';
export { resolverConfig } from './resolver.config.js';
export { updateNetworkData, type DataUpdateResult } from './data-update.js';

export const resolverModule = defineModule({
  name: 'hub/resolver',
  config: resolverConfig,
  routes: registerResolverRoutes,
  migrations: { '202612071100_create_rdap_cache': createRdapCache },
  errors: resolverErrors,
  access: {
    'GET /api/workspaces/:workspaceId/resolve':
      'content.read in the workspace; directory entries within TLP clearance only',
  },
});
