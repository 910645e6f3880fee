/**
 * The route table: every feature's routes, as the server lists its modules — a feature is its
 * folder under `features/<group>/<module>/` and one line here. Pages load lazily (one chunk each).
 */
import type { RouteObject } from 'react-router';
import { accountRoutes } from '../features/core/account/routes.js';
import { adminRoutes } from '../features/core/admin/routes.js';
import { homeRoutes } from '../features/core/home/routes.js';
import { workspaceRoutes } from '../features/core/workspace/routes.js';
import { correspondenceRoutes } from '../features/hub/correspondence/routes.js';
import { coordinationRoutes } from '../features/hub/coordination/routes.js';
import { incidentRoutes } from '../features/hub/incident/routes.js';
import { intakePublicRoutes, intakeRoutes } from '../features/hub/intake/routes.js';
import { keyringRoutes } from '../features/hub/keyring/routes.js';
import { datasetRoutes } from '../features/range/dataset/routes.js';
import { plantRoutes } from '../features/range/plant/routes.js';
import { programmePublicRoutes, programmeRoutes } from '../features/range/programme/routes.js';
import { SignedInLayout } from './shell.js';

/** Pages for signed-in users, inside the shell. */
export const SIGNED_IN_ROUTES: RouteObject[] = [
  ...homeRoutes,
  ...accountRoutes,
  ...adminRoutes,
  ...workspaceRoutes,
  ...incidentRoutes,
  ...intakeRoutes,
  ...correspondenceRoutes,
  ...coordinationRoutes,
  ...keyringRoutes,
  ...plantRoutes,
  ...datasetRoutes,
  ...programmeRoutes,
];

/** Pages anyone may open. */
export const PUBLIC_ROUTES: RouteObject[] = [...intakePublicRoutes, ...programmePublicRoutes];

export function appRoutes(): RouteObject[] {
  return [
    ...PUBLIC_ROUTES.map((route) => ({ ...route, path: `/${route.path ?? ''}` })),
    { path: '/', element: <SignedInLayout />, children: SIGNED_IN_ROUTES },
  ];
}
