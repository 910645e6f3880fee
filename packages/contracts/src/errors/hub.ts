/** Errors of the Hub modules: hub/incident and hub/intake. @module */
import { defineErrors } from './catalogue.js';

export const incidentErrors = defineErrors({
  INCIDENT_NOT_FOUND: { status: 404, ja: 'インシデントが見つかりません。', en: 'Incident not found.' },
  INCIDENT_INVALID_TRANSITION: {
    status: 409,
    ja: 'その状態には変更できません。',
    en: 'The incident cannot move to that status.',
  },
  REPORT_NOT_FOUND: { status: 404, ja: '報告が見つかりません。', en: 'Report not found.' },
});

export const intakeErrors = defineErrors({
  MAIL_UNPARSEABLE: { status: 422, ja: 'メールを解析できません。', en: 'The message cannot be parsed.' },
});
