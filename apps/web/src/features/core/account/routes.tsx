/** core/account: one's own password, second factor and API tokens. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const accountRoutes: RouteObject[] = [
  {
    path: 'account',
    ...lazyPage(
      () => import('./account-page.js'),
      ({ AccountPage }) => <AccountPage />,
    ),
  },
];
