/**
 * Japanese (the default language): the texts every page shares here, and each feature's own
 * from its `i18n.ts` beside its pages (features/<group>/<module>/i18n.ts).
 */
import { errorMessages } from '@renkei/contracts';
import { ja as coreAuth } from '../features/core/auth/i18n.js';
import { ja as coreHome } from '../features/core/home/i18n.js';
import { ja as coreWorkspace } from '../features/core/workspace/i18n.js';
import { ja as coreAdmin } from '../features/core/admin/i18n.js';
import { ja as coreAccount } from '../features/core/account/i18n.js';
import { ja as hub } from '../features/hub/i18n.js';
import { ja as coordination } from '../features/hub/coordination/i18n.js';
import { ja as range } from '../features/range/i18n.js';
import { ja as programme } from '../features/range/programme/i18n.js';

export const ja = {
  app: {
    name: '連携 Renkei',
    tagline: 'CSIRT 連携基盤と AI×OT 演習環境',
    skipToContent: '本文へ移動',
    loading: '読み込み中…',
  },
  language: { label: '言語', ja: '日本語', en: 'English' },
  nav: {
    main: 'メインナビゲーション',
    home: 'ホーム',
    hub: 'Hub（インシデント対応）',
    range: 'Range（演習）',
    admin: '管理',
    users: 'ユーザー',
    workspaces: 'ワークスペース',
    account: 'アカウント',
    logout: 'ログアウト',
  },
  workspaceKind: { hub_operations: 'Hub 運用', hub_training: 'Hub 訓練', range_course: 'Range コース' },
  role: {
    admin: '管理者',
    handler: 'ハンドラー',
    coordinator: 'コーディネーター',
    analyst: 'アナリスト',
    vulnerability_coordinator: '脆弱性コーディネーター',
    partner: 'パートナー（海外 CSIRT 等）',
    vendor: 'ベンダー',
    instructor: '講師',
    assistant: '講習補助員',
    trainee: '受講者',
  },
  tlp: {
    label: 'TLP',
    CLEAR: 'TLP:CLEAR',
    GREEN: 'TLP:GREEN',
    AMBER: 'TLP:AMBER',
    'AMBER+STRICT': 'TLP:AMBER+STRICT',
    RED: 'TLP:RED',
  },
  common: { save: '保存', cancel: 'キャンセル', close: '閉じる', saved: '保存しました。', required: '必須' },
  // Problems from the server, in the error catalogue's words (@renkei/contracts, docs/reference/errors.md).
  validation: {
    invalid_type: '形式が正しくありません',
    too_small: '短すぎるか、小さすぎます',
    too_big: '長すぎるか、大きすぎます',
    invalid_format: '書式が正しくありません（メールアドレス、日時など）',
    invalid_value: '選べる値ではありません',
    invalid_string: '書式が正しくありません',
    invalid_enum_value: '選べる値ではありません',
    unrecognized_keys: '知らない項目が含まれています',
    invalid_union: 'どの形式にも当てはまりません',
    not_multiple_of: '刻みが正しくありません',
    custom: '値が正しくありません',
  },
  errors: { ...errorMessages('ja'), NETWORK: 'サーバーに接続できません。' },
  ...coreAuth,
  ...coreHome,
  ...coreWorkspace,
  ...coreAdmin,
  ...coreAccount,
  ...hub,
  ...coordination,
  ...range,
  ...programme,
};

export type Messages = typeof ja;
