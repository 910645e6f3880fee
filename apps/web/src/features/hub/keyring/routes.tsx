/** hub/keyring: the OpenPGP key directory and the team key. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const keyringRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/keys',
    ...lazyPage(
      () => import('./keys-page.js'),
      ({ KeysPage }, { id }) => <KeysPage key={id} workspaceId={id!} />,
    ),
  },
];
