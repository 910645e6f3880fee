/** Texts of core/workspace: a workspace's notices and search, in Japanese and English (English is type-checked to have the same keys). */
import type { Translations } from '../../../i18n/translations.js';

export const ja = {
  notices: {
    title: 'お知らせ',
    new: 'お知らせを投稿',
    heading: '件名',
    body: '本文',
    post: '投稿する',
    empty: 'お知らせはありません。',
    delete: '削除',
    confirmDelete: 'このお知らせを削除しますか？',
    posted: '投稿しました。',
  },
  search: {
    label: '検索',
    placeholder: 'キーワード（日本語・英語）',
    submit: '検索',
    results: '検索結果',
    none: '該当するものはありません。',
  },
};

export const en: Translations<typeof ja> = {
  notices: {
    title: 'Notices',
    new: 'Post a notice',
    heading: 'Subject',
    body: 'Text',
    post: 'Post',
    empty: 'No notices.',
    delete: 'Delete',
    confirmDelete: 'Delete this notice?',
    posted: 'Posted.',
  },
  search: {
    label: 'Search',
    placeholder: 'Keywords (Japanese or English)',
    submit: 'Search',
    results: 'Results',
    none: 'Nothing found.',
  },
};
