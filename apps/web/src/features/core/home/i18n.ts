/** Texts of core/home: the home page and the Hub and Range sections, in Japanese and English (English is type-checked to have the same keys). */
import type { Translations } from '../../../i18n/translations.js';

export const ja = {
  home: {
    title: 'ホーム',
    welcome: 'ようこそ、{{name}} さん',
    yourWorkspaces: '所属ワークスペース',
    none: 'まだどのワークスペースにも所属していません。管理者に依頼してください。',
    role: 'ロール',
    clearance: '閲覧可能な TLP',
    kind: '種別',
    open: '開く',
  },
  section: {
    hubIntro: '窓口 CSIRT の運用ワークスペースです。',
    rangeIntro: 'AI×OT セキュリティ演習のコースワークスペースです。',
    empty: 'この区分のワークスペースはありません。',
  },
};

export const en: Translations<typeof ja> = {
  home: {
    title: 'Home',
    welcome: 'Welcome, {{name}}',
    yourWorkspaces: 'Your workspaces',
    none: 'You are not a member of any workspace yet. Ask an administrator.',
    role: 'Role',
    clearance: 'TLP clearance',
    kind: 'Kind',
    open: 'Open',
  },
  section: {
    hubIntro: 'Operations workspaces of the Point-of-Contact CSIRT.',
    rangeIntro: 'Course workspaces of the AI×OT security exercise.',
    empty: 'No workspaces in this section.',
  },
};
