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
});
