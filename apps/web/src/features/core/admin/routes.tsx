/** core/admin: users (system administrators) and workspaces with their members. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';
import { RequireSystemAdmin } from '../../../app/session.js';

export const adminRoutes: RouteObject[] = [
  {
    path: 'admin/users',
    ...lazyPage(
      () => import('./users-page.js'),
      ({ UsersPage }) => (
        <RequireSystemAdmin>
          <UsersPage />
        </RequireSystemAdmin>
      ),
    ),
  },
  {
    path: 'admin/workspaces',
    ...lazyPage(
      () => import('./workspaces-page.js'),
      ({ WorkspacesPage }) => <WorkspacesPage />,
    ),
  },
];
