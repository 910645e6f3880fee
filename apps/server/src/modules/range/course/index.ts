/**
 * @module range/course — the course of a Range workspace (issue 16): plan and two-day timetable
 * (コマ割り) with blocks linked to material and labs, participants imported from the organiser's
 * CSV/XLSX list, groups balanced by organisation and sector, attendance, and the implementation
 * plan as DOCX.
 */
import { programmeErrors } from '@renkei/contracts';
import { defineModule } from '../../../platform/index.js';
import { registerCourseRoutes } from './course.routes.js';
import * as createCourse from './migrations/202612081300_create_course.js';
import * as createParticipantCode from './migrations/202612081900_create_participant_code.js';

export {
  assertCourseWorkspace,
  findGroup,
  groupOfUser,
  listGroups,
  participantRows,
  readCourse,
} from './course.service.js';
// Course staff are the plant's staff: one rule for the whole Range.
export { isCourseStaff } from '../plant/index.js';
export { heading, implementationPlanDocx, paragraphs, table, timetableRows } from './plan-document.js';
export { FONT_BOLD, FONT_REGULAR, JA_FONT } from './fonts.js';
export type { ParticipantRow } from './course.table.js';

export const courseModule = defineModule({
  name: 'range/course',
  routes: registerCourseRoutes,
  migrations: {
    '202612081300_create_course': createCourse,
    '202612081900_create_participant_code': createParticipantCode,
  },
  errors: programmeErrors,
  access: {
    'GET /api/workspaces/:workspaceId/course': 'content.read in a Range course workspace',
    'PUT /api/workspaces/:workspaceId/course': 'workspace.manage (instructors); audited',
    'POST /api/workspaces/:workspaceId/course/blocks': 'workspace.manage (instructors); audited',
    'PUT /api/course-blocks/:id': "workspace.manage in the block's course; audited",
    'DELETE /api/course-blocks/:id': "workspace.manage in the block's course; audited",
    'GET /api/workspaces/:workspaceId/course/plan.docx': 'content.read in a Range course workspace',
    'GET /api/workspaces/:workspaceId/participants': 'course staff (instructor, assistant): personal data',
    'POST /api/workspaces/:workspaceId/participants/import': 'workspace.manage (instructors); audited',
    'PUT /api/participants/:id/attendance': "course staff of the participant's course; audited",
    'PUT /api/participants/:id/group': "workspace.manage in the participant's course; audited",
    'PUT /api/participants/:id/account':
      "workspace.manage in the participant's course; the account must be a member; audited",
    'POST /api/participants/:id/sign-in-code': "workspace.manage in the participant's course; audited",
    'POST /api/public/sign-in-code': 'public: a valid one-time code (rate-limited per address)',
    'GET /api/workspaces/:workspaceId/groups': 'content.read in a Range course workspace',
    'POST /api/workspaces/:workspaceId/groups': 'workspace.manage (instructors); audited',
  },
});
