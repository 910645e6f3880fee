/** Texts of core/auth: sign-in and password change, in Japanese and English (English is type-checked to have the same keys). */
import type { Translations } from '../../../i18n/translations.js';

export const ja = {
  login: {
    title: 'ログイン',
    username: 'ユーザー名',
    password: 'パスワード',
    totp: '確認コード（6桁）',
    totpHint: '認証アプリに表示されている6桁のコードを入力してください。',
    submit: 'ログイン',
    submitting: 'ログイン中…',
  },
  password: {
    changeTitle: 'パスワードの変更',
    mustChange: '初回ログインのため、パスワードを変更してください。',
    current: '現在のパスワード',
    new: '新しいパスワード（12文字以上）',
    confirm: '新しいパスワード（確認）',
    mismatch: '確認用のパスワードが一致しません。',
    submit: '変更する',
    changed: 'パスワードを変更しました。',
  },
};

export const en: Translations<typeof ja> = {
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    totp: 'Verification code (6 digits)',
    totpHint: 'Enter the 6-digit code shown in your authenticator app.',
    submit: 'Sign in',
    submitting: 'Signing in…',
  },
  password: {
    changeTitle: 'Change password',
    mustChange: 'This is your first sign-in: please choose a new password.',
    current: 'Current password',
    new: 'New password (12 characters or more)',
    confirm: 'Confirm new password',
    mismatch: 'The passwords do not match.',
    submit: 'Change',
    changed: 'Your password was changed.',
  },
};
