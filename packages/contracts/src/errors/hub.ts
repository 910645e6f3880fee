/** Errors of the Hub modules: hub/incident, hub/intake and hub/correlation. @module */
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
  OBSERVABLE_NOT_FOUND: { status: 404, ja: '観測値が見つかりません。', en: 'Observable not found.' },
  OBSERVABLE_INVALID: {
    status: 422,
    ja: 'その種類の観測値として読み取れません。',
    en: 'The value is not an observable of that type.',
  },
});

export const correspondenceErrors = defineErrors({
  CORRESPONDENCE_MESSAGE_NOT_FOUND: {
    status: 404,
    ja: '送信メッセージが見つかりません。',
    en: 'Outbound message not found.',
  },
  CORRESPONDENCE_NOT_FAILED: {
    status: 409,
    ja: '再送できるのは送信に失敗したメッセージだけです。',
    en: 'Only a message whose delivery failed can be retried.',
  },
});

export const correlationErrors = defineErrors({
  CORRELATION_WARNINGLIST_INVALID: {
    status: 422,
    ja: 'MISP warninglist 形式として読み取れません。',
    en: 'The file is not a MISP warninglist.',
  },
  CORRELATION_ENTRY_INVALID: {
    status: 422,
    ja: 'その照合方式では使えない値です。',
    en: 'The value cannot be used with that match type.',
  },
  CORRELATION_EXCLUSION_NOT_FOUND: {
    status: 404,
    ja: '除外リストの項目が見つかりません。',
    en: 'Exclusion entry not found.',
  },
  CORRELATION_LIST_READ_ONLY: {
    status: 409,
    ja: '組み込みリストは変更できません。',
    en: 'The built-in list cannot be changed.',
  },
});

export const intakeErrors = defineErrors({
  MAIL_UNPARSEABLE: { status: 422, ja: 'メールを解析できません。', en: 'The message cannot be parsed.' },
});

export const directoryErrors = defineErrors({
  DIRECTORY_ORGANISATION_NOT_FOUND: {
    status: 404,
    ja: '組織が見つかりません。',
    en: 'Organisation not found.',
  },
  DIRECTORY_CONSTITUENCY_INVALID: {
    status: 422,
    ja: '担当範囲（コンスティチュエンシー）の値が正しくありません。',
    en: 'A constituency entry is not valid for its kind.',
  },
  DIRECTORY_IMPORT_INVALID: {
    status: 422,
    ja: 'ディレクトリの取り込みファイルを読み取れません。',
    en: 'The directory import file cannot be read.',
  },
});

export const resolverErrors = defineErrors({
  RESOLVER_QUERY_INVALID: {
    status: 422,
    ja: 'IP アドレス、ドメイン名、URL のいずれかを指定してください。',
    en: 'Give an IP address, a domain name or a URL.',
  },
});

export const feedErrors = defineErrors({
  FEED_NOT_FOUND: { status: 404, ja: 'フィードの取り込みが見つかりません。', en: 'Feed import not found.' },
  FEED_UNREADABLE: {
    status: 422,
    ja: 'フィードファイルを読み取れません。',
    en: 'The feed file cannot be read.',
  },
  FEED_ALREADY_SENT: {
    status: 409,
    ja: 'この通知キャンペーンは送信済みです。',
    en: 'The notification campaign has already been sent.',
  },
  FEED_NOT_READY: {
    status: 409,
    ja: 'この取り込みはまだ準備中です（読み込み中または連絡先の検索中）。',
    en: 'The import is still being prepared (reading, or looking up contacts).',
  },
});

export const coordinationErrors = defineErrors({
  COORDINATION_THREAD_NOT_FOUND: {
    status: 404,
    ja: '調整スレッドが見つかりません。',
    en: 'Coordination thread not found.',
  },
  COORDINATION_INVALID_TRANSITION: {
    status: 409,
    ja: 'この調整スレッドはその状態に変更できません。',
    en: 'The coordination thread cannot move to that status.',
  },
  COORDINATION_SHARING_REFUSED: {
    status: 422,
    ja: 'TLP の共有範囲を超える宛先には送信できません。',
    en: 'The message cannot go to these recipients under its TLP label.',
  },
  COORDINATION_TARGET_NOT_FOUND: {
    status: 404,
    ja: 'テイクダウン監視対象が見つかりません。',
    en: 'Takedown target not found.',
  },
  COORDINATION_MONITOR_NOT_ALLOWED: {
    status: 422,
    ja: 'この宛先は監視を許可されたアドレスではありません（RENKEI_TAKEDOWN_MONITOR_ALLOW）。',
    en: 'This address is not one the monitor is allowed to reach (RENKEI_TAKEDOWN_MONITOR_ALLOW).',
  },
});
