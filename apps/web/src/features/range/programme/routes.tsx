/** range/course, range/survey, range/reflection, range/report: the course page and the surveys. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

export const programmeRoutes: RouteObject[] = [
  {
    path: 'workspaces/:id/course',
    ...lazyPage(
      () => import('./course-page.js'),
      ({ CoursePage }, { id }) => <CoursePage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'workspaces/:id/surveys',
    ...lazyPage(
      () => import('./surveys-page.js'),
      ({ SurveysPage }, { id }) => <SurveysPage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'workspaces/:id/materials',
    ...lazyPage(
      () => import('./materials-page.js'),
      ({ MaterialsPage }, { id }) => <MaterialsPage key={id} workspaceId={id!} />,
    ),
  },
  {
    path: 'groups/:id/worksheet',
    ...lazyPage(
      () => import('./worksheet-page.js'),
      ({ WorksheetPage }, { id }) => <WorksheetPage key={id} groupId={id!} />,
    ),
  },
  {
    path: 'surveys/:id',
    ...lazyPage(
      () => import('./surveys-page.js'),
      ({ SurveyPage }, { id }) => <SurveyPage key={id} surveyId={id!} />,
    ),
  },
];

/** Pages without sign-in: signing in with a one-time code. */
export const programmePublicRoutes: RouteObject[] = [
  {
    path: 'sign-in/code',
    ...lazyPage(
      () => import('./code-sign-in-page.js'),
      ({ CodeSignInPage }) => <CodeSignInPage />,
    ),
  },
];
