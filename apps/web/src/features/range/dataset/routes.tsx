/** range/dataset: labelled data sets, generated or imported. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const datasetRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/datasets',
    ...lazyPage(
      () => import('./datasets-page.js'),
      ({ DatasetsPage }, { id }) => <DatasetsPage key={id} workspaceId={id!} />,
    ),
  },
];
