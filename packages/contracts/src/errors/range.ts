/** Errors of the Range modules: range/plant, range/gateway, range/assistant. @module */
import { defineErrors } from './catalogue.js';

export const plantErrors = defineErrors({
  PLANT_UPGRADE_REQUIRED: {
    status: 426,
    ja: 'この URL は WebSocket として開いてください（renkei range connect が使います）。',
    en: 'Open this URL as a WebSocket (renkei range connect does).',
  },
});

export const gatewayErrors = defineErrors({
  AI_MODEL_UNKNOWN: { status: 404, ja: 'そのモデルはありません。', en: 'No such model here.' },
  AI_BUDGET_EXCEEDED: {
    status: 429,
    ja: 'AI の利用上限に達しました。しばらく待ってください。',
    en: 'The AI budget is spent for now; wait a little.',
  },
  AI_UPSTREAM_FAILED: { status: 502, ja: 'モデルサーバが応答しません。', en: 'The model server did not answer.' },
  AI_REPLAY_MISSING: {
    status: 503,
    ja: 'リプレイ中です。この要求はリハーサルで記録されていません。',
    en: 'Replaying: this request was not recorded in rehearsal.',
  },
});

export const programmeErrors = defineErrors({
  COURSE_NOT_FOUND: { status: 404, ja: 'コースが見つかりません。', en: 'Course not found.' },
  BLOCK_NOT_FOUND: { status: 404, ja: 'コマが見つかりません。', en: 'Timetable block not found.' },
  PARTICIPANT_NOT_FOUND: { status: 404, ja: '受講者が見つかりません。', en: 'Participant not found.' },
  PARTICIPANT_IMPORT_INVALID: {
    status: 422,
    ja: '受講者名簿を読み取れません。',
    en: 'The participant list cannot be read.',
  },
  SIGN_IN_CODE_INVALID: {
    status: 401,
    ja: 'サインインコードが正しくないか、期限が切れています。',
    en: 'The sign-in code is wrong or has expired.',
  },
  SURVEY_NOT_FOUND: { status: 404, ja: 'アンケートが見つかりません。', en: 'Survey not found.' },
  SURVEY_CLOSED: { status: 409, ja: 'このアンケートは締め切られました。', en: 'The survey is closed.' },
  SURVEY_ALREADY_ANSWERED: {
    status: 409,
    ja: 'このアンケートには回答済みです。',
    en: 'You have already answered this survey.',
  },
  SURVEY_ANSWERS_INVALID: {
    status: 422,
    ja: '回答に不備があります。',
    en: 'Some answers are missing or not valid.',
  },
});

export const detectionErrors = defineErrors({
  DETECTION_TOO_FEW_ROWS: {
    status: 422,
    ja: '学習に使える行が足りません（100 行以上必要です）。期間を広げるか、検証で除外された行を確認してください。',
    en: 'Too few rows to train on (at least 100 are needed): widen the window or check what validation rejected.',
  },
  DETECTION_MISSING_TAGS: {
    status: 422,
    ja: '提供されたデータに必要なタグの列がありません。',
    en: 'The contributed data lacks columns for some of the tags.',
  },
});
