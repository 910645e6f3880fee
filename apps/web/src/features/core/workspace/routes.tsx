/** core/workspace: a workspace's page (notices, search, links to its tools). */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const workspaceRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id',
    ...lazyPage(
      () => import('./workspace-page.js'),
      ({ WorkspacePage }, { id }) => <WorkspacePage key={id} workspaceId={id!} />,
    ),
  },
];
