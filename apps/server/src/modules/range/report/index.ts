/**
 * @module range/report — the implementation report (実施報告書) from what happened in the course:
 * curriculum, materials and services, attendance, survey results with charts, reflections and
 * insights, improvements (written sections kept across regenerations), as DOCX and PDF
 * (Noto Sans JP embedded); the deliverables archive.
 */
import { defineModule } from '../../../platform/index.js';
import * as createReportSections from './migrations/202612081600_create_report_sections.js';
import { registerReportRoutes } from './report.routes.js';

export { reportData } from './report.service.js';
export { barChartPng } from './bar-chart.js';
export { implementationReportDocx } from './report-docx.js';
export { implementationReportPdf } from './report-pdf.js';

export const reportModule = defineModule({
  name: 'range/report',
  routes: registerReportRoutes,
  migrations: { '202612081600_create_report_sections': createReportSections },
  access: {
    'GET /api/workspaces/:workspaceId/report/sections': 'course staff',
    'PUT /api/workspaces/:workspaceId/report/sections': 'course staff; audited',
    'GET /api/workspaces/:workspaceId/report.docx': 'course staff',
    'GET /api/workspaces/:workspaceId/report.pdf': 'course staff',
    'GET /api/workspaces/:workspaceId/deliverables.zip': 'course staff; audited',
  },
});
