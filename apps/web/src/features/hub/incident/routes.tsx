/** hub/incident: the handler's queue and the incident page. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const incidentRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/incidents',
    ...lazyPage(
      () => import('./queue-page.js'),
      ({ QueuePage }, { id }) => <QueuePage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'workspaces/:id/correlation',
    ...lazyPage(
      () => import('./correlation-page.js'),
      ({ CorrelationPage }, { id }) => <CorrelationPage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'incidents/:id',
    ...lazyPage(
      () => import('./incident-page.js'),
      ({ IncidentPage }, { id }) => <IncidentPage key={id} incidentId={id!} />,
    ),
  },
];
