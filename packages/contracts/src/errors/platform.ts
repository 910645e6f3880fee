/** Errors of the platform: requests, authentication, access, accounts, workspaces, jobs. @module */
import { defineErrors } from './catalogue.js';

export const platformErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, ja: '入力内容に誤りがあります。', en: 'Some fields are not valid.' },
  BAD_REQUEST: { status: 400, ja: 'リクエストが正しくありません。', en: 'The request is not valid.' },
  AUTH_REQUIRED: { status: 401, ja: 'ログインが必要です。', en: 'Please sign in.' },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    ja: 'ユーザー名またはパスワードが正しくありません。',
    en: 'Wrong username or password.',
  },
  AUTH_TOTP_REQUIRED: { status: 401, ja: '確認コードを入力してください。', en: 'Enter your verification code.' },
  AUTH_TOTP_INVALID: { status: 401, ja: '確認コードが正しくありません。', en: 'The verification code is wrong.' },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    ja: 'ログインの失敗が続いたため、アカウントが一時的にロックされています。',
    en: 'Too many failed sign-ins: the account is locked for a while.',
  },
  AUTH_THROTTLED: {
    status: 429,
    ja: 'ログインの失敗が続いたため、しばらく待ってから再度お試しください。',
    en: 'Too many failed sign-ins: wait a little and try again.',
  },
  AUTH_CSRF_INVALID: {
    status: 403,
    ja: 'セッションの確認に失敗しました。再読み込みしてください。',
    en: 'Your session could not be verified. Reload the page.',
  },
  AUTH_TOKEN_SCOPE: { status: 403, ja: 'このトークンでは実行できません。', en: 'This token may not do that.' },
  FORBIDDEN: { status: 403, ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, ja: '見つかりません。', en: 'Not found.' },
  USER_NOT_FOUND: { status: 404, ja: 'ユーザーが見つかりません。', en: 'User not found.' },
  USER_EXISTS: { status: 409, ja: 'そのユーザー名は既に使われています。', en: 'That username is taken.' },
  WORKSPACE_NOT_FOUND: { status: 404, ja: 'ワークスペースが見つかりません。', en: 'Workspace not found.' },
  TOKEN_NOT_FOUND: { status: 404, ja: 'トークンが見つかりません。', en: 'Token not found.' },
  JOB_NOT_FOUND: { status: 404, ja: 'ジョブが見つかりません。', en: 'Job not found.' },
  CONFLICT: { status: 409, ja: '他の変更と競合しました。', en: 'This conflicts with another change.' },
  PAYLOAD_TOO_LARGE: { status: 413, ja: 'データが大きすぎます。', en: 'Too much data.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, ja: '対応していない形式です。', en: 'Unsupported format.' },
  RATE_LIMITED: {
    status: 429,
    ja: '試行回数が多すぎます。しばらく待ってから再度お試しください。',
    en: 'Too many attempts. Wait a little and try again.',
  },
  INTERNAL_ERROR: { status: 500, ja: 'サーバーでエラーが発生しました。', en: 'The server had an error.' },
});
