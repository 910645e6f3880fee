/** Errors of the core modules: core/admin (workspaces, members) and core/notice. @module */
import { defineErrors } from './catalogue.js';

export const adminErrors = defineErrors({
  WORKSPACE_EXISTS: { status: 409, ja: 'その識別子は既に使われています。', en: 'That identifier is taken.' },
  MEMBERSHIP_NOT_FOUND: { status: 404, ja: 'メンバーが見つかりません。', en: 'Member not found.' },
});

export const noticeErrors = defineErrors({
  NOTICE_NOT_FOUND: { status: 404, ja: 'お知らせが見つかりません。', en: 'Notice not found.' },
});
