/**
 * @module range/survey — the course's questionnaires (issue 16): Likert, single and multiple
 * choice, free text, required and conditional questions, anonymous or named, closing time;
 * answered once from any device; aggregated results; raw data as CSV and XLSX with a codebook.
 */
import { defineModule } from '../../../platform/index.js';
import * as createSurvey from './migrations/202612081400_create_survey.js';
import { registerSurveyRoutes } from './survey.routes.js';

export { courseSurveyResults } from './survey.service.js';
export { aggregate, answerProblems, codebook, rawTable } from './survey-results.js';

export const surveyModule = defineModule({
  name: 'range/survey',
  routes: registerSurveyRoutes,
  migrations: { '202612081400_create_survey': createSurvey },
  access: {
    'GET /api/workspaces/:workspaceId/surveys': 'content.read in a Range course workspace',
    'POST /api/workspaces/:workspaceId/surveys': 'workspace.manage (instructors); audited',
    'GET /api/surveys/:id': "member of the survey's course",
    'PUT /api/surveys/:id': "workspace.manage in the survey's course; audited",
    'POST /api/surveys/:id/responses':
      "content.write in the survey's course; once per person; anonymous responses unlinked",
    'GET /api/surveys/:id/qr.svg': "member of the survey's course",
    'GET /api/surveys/:id/results': "course staff of the survey's course",
    'GET /api/surveys/:id/responses.csv': "course staff of the survey's course",
    'GET /api/surveys/:id/responses.xlsx': "course staff of the survey's course",
  },
});
