/**
 * @module range/assistant — the plant's operator assistant and agent: RAG answers with cited
 * sources, tools on the plant through its service, switchable defences, an approval queue for
 * actuation, the attack suite and the measurement runner (R4, R5, R6).
 */
import { defineModule } from '../../../platform/index.js';
import { registerAssistantRoutes } from './assistant.routes.js';
import * as createAssistantTables from './migrations/202612050000_create_assistant_tables.js';
import * as courseDefences from './migrations/202612111100_course_defences.js';

export { runAssistant, type AssistantReply } from './assistant.pipeline.js';
export { measure, type Measurement } from './runner.js';
export { ATTACKS, BENIGN, SUITE_VERSION } from './attacks.js';
export { DEFENCES, NO_DEFENCES, type DefenceSettings } from './defences.js';
export type { AssistantApprovalTable, AssistantCourseDefenceTable, AssistantDefenceTable } from './assistant.table.js';

export const assistantModule = defineModule({
  name: 'range/assistant',
  migrations: {
    '202612050000_create_assistant_tables': createAssistantTables,
    '202612111100_course_defences': courseDefences,
  },
  routes: registerAssistantRoutes,
  access: {
    'POST /api/plants/:id/assistant/chat': 'plant owner or course staff, content.write; acts as the caller',
    'GET /api/plants/:id/assistant/defences': 'plant owner or course staff',
    'PUT /api/plants/:id/assistant/defences': 'plant owner or course staff, content.write, audited',
    'GET /api/workspaces/:workspaceId/assistant/defences': 'members of the course',
    'PUT /api/workspaces/:workspaceId/assistant/defences': 'course staff (admin, instructor, assistant), audited',
    'GET /api/plants/:id/assistant/approvals': 'plant owner or course staff',
    'POST /api/plants/:id/assistant/approvals/:approvalId': 'plant owner or course staff, content.write, audited',
    'GET /api/plants/:id/assistant/trace': 'plant owner or course staff',
    'POST /api/plants/:id/assistant/measure': 'plant owner or course staff, content.write',
  },
});
