/**
 * @module range/worksheet — each group's risk-assessment worksheet (use case, asset, threat,
 * vulnerability, likelihood × impact, controls, mapping to OWASP LLM Top 10, MITRE ATLAS, NIST
 * AI RMF, ISO/IEC 42001 Annex A and AI事業者ガイドライン), edited by the group with version checks,
 * read by the whole course, exported as XLSX.
 */
import { defineModule } from '../../../platform/index.js';
import * as createRiskRow from './migrations/202612081800_create_risk_row.js';
import { registerWorksheetRoutes } from './worksheet.routes.js';

export const worksheetModule = defineModule({
  name: 'range/worksheet',
  routes: registerWorksheetRoutes,
  migrations: { '202612081800_create_risk_row': createRiskRow },
  access: {
    'GET /api/frameworks': 'any signed-in user (public reference titles)',
    'GET /api/groups/:id/worksheet': "member of the group's course",
    'POST /api/groups/:id/worksheet/rows': "the group's members and the course staff; audited",
    'PUT /api/risk-rows/:id': "the group's members and the course staff; version checked; audited",
    'DELETE /api/risk-rows/:id': "the group's members and the course staff; audited",
    'GET /api/workspaces/:workspaceId/worksheets.xlsx': 'content.read in a Range course workspace',
  },
});
