/** Errors of the Hub modules: hub/incident and hub/intake. @module */
import { defineErrors } from './catalogue.js';

export const incidentErrors = defineErrors({
  INCIDENT_NOT_FOUND: { status: 404, ja: 'インシデントが見つかりません。', en: 'Incident not found.' },
  INCIDENT_INVALID_TRANSITION: {
    status: 409,
    ja: 'その状態には変更できません。',
    en: 'The incident cannot move to that status.',
  },
  INCIDENT_LABEL_BELOW_REPORTS: {
    status: 409,
    ja: 'インシデントの TLP は、含まれる報告の最も高い TLP より低くできません。',
    en: 'An incident cannot be labelled below the highest label of its reports.',
  },
  REPORT_NOT_FOUND: { status: 404, ja: '報告が見つかりません。', en: 'Report not found.' },
});

export const intakeErrors = defineErrors({
  MAIL_UNPARSEABLE: { status: 422, ja: 'メールを解析できません。', en: 'The message cannot be parsed.' },
});
