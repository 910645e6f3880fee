/** hub/correspondence: the outbox. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const correspondenceRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/outbox',
    ...lazyPage(
      () => import('./outbox-page.js'),
      ({ OutboxPage }, { id }) => <OutboxPage key={id} workspaceId={id!} />,
    ),
  },
];
