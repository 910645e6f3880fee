/** hub/directory, hub/resolver, hub/feeds: the partner directory (with "who is responsible") and feed notifications. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const coordinationRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/directory',
    ...lazyPage(
      () => import('./directory-page.js'),
      ({ DirectoryPage }, { id }) => <DirectoryPage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'workspaces/:id/feeds',
    ...lazyPage(
      () => import('./feeds-page.js'),
      ({ FeedsPage }, { id }) => <FeedsPage key={id} workspaceId={id!} />,
    ),
  },
];
