/** hub/intake: the quarantine, and the public report form (no sign-in). */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const intakeRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/quarantine',
    ...lazyPage(
      () => import('./quarantine-page.js'),
      ({ QuarantinePage }, { id }) => <QuarantinePage key={id} workspaceId={id!} />,
    ),
  },
];

export const intakePublicRoutes: RouteObject[] = [
  {
    path: 'report',
    ...lazyPage(
      () => import('./public-report-page.js'),
      ({ PublicReportPage }) => <PublicReportPage />,
    ),
  },
];
