/** Errors of the Range modules: range/plant. @module */
import { defineErrors } from './catalogue.js';

export const plantErrors = defineErrors({
  PLANT_UPGRADE_REQUIRED: {
    status: 426,
    ja: 'この URL は WebSocket として開いてください（renkei range connect が使います）。',
    en: 'Open this URL as a WebSocket (renkei range connect does).',
  },
});
