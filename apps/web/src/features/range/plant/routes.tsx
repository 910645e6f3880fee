/** range/plant: the course's plants and a plant's HMI. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const plantRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/plants',
    ...lazyPage(
      () => import('./plants-page.js'),
      ({ PlantsPage }, { id }) => <PlantsPage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'plants/:id',
    ...lazyPage(
      () => import('./hmi-page.js'),
      ({ HmiPage }, { id }) => <HmiPage key={id} plantId={id!} />,
    ),
  },
];
