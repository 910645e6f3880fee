/**
 * The notification a network owner receives for a feed: one message per party per import, in
 * its language, with a CSV of its events attached. Pure: counts in, text out.
 * @module
 */
import type { Tlp } from '@renkei/contracts';
import { tlpNotice } from '../correspondence/index.js';

export interface NotificationFacts {
  language: 'ja' | 'en';
  tlp: Tlp;
  /** Who it is addressed to (the directory's name, or the AS). */
  partyName: string;
  /** The team's name, from its sender address. */
  team: string;
  feedName: string;
  provider: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  events: number;
  /** classification.identifier → events, largest first. */
  identifiers: [string, number][];
  attachmentName: string;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '?');

export function notificationSubject(facts: NotificationFacts): string {
  const top = facts.identifiers
    .slice(0, 3)
    .map(([identifier]) => identifier)
    .join(', ');
  const period =
    day(facts.periodStart) === day(facts.periodEnd)
      ? day(facts.periodStart)
      : `${day(facts.periodStart)}–${day(facts.periodEnd)}`;
  return facts.language === 'ja'
    ? `[TLP:${facts.tlp}] ${facts.partyName} に関する ${facts.events} 件の通知（${top}）${period}`
    : `[TLP:${facts.tlp}] ${facts.events} events concerning ${facts.partyName} (${top}) ${period}`;
}

export function notificationBody(facts: NotificationFacts): string {
  const lines = facts.identifiers.map(([identifier, count]) => `  - ${identifier}: ${count}`);
  const source = facts.provider ? `${facts.provider} (${facts.feedName})` : facts.feedName;
  if (facts.language === 'ja')
    return [
      `${facts.partyName} ご担当者様`,
      '',
      `${facts.team} です。${source} の観測データから、貴組織のネットワークに関する以下の事象を確認しましたので、お知らせします。`,
      '',
      `期間（UTC）: ${day(facts.periodStart)} 〜 ${day(facts.periodEnd)}`,
      `件数: ${facts.events} 件`,
      '内訳:',
      ...lines,
      '',
      `詳細は添付の CSV ファイル（${facts.attachmentName}、1 行 1 件、UTF-8）をご確認ください。該当する機器・サービスの確認と対処をお願いいたします。対処が済んだ場合や、貴組織の管理外である場合は、このメールにご返信ください。`,
      '',
      tlpNotice('ja', facts.tlp),
      '',
      '--',
      facts.team,
    ].join('\n');
  return [
    `Dear ${facts.partyName} team,`,
    '',
    `This is ${facts.team}. Observation data from ${source} shows the following concerning your network.`,
    '',
    `Period (UTC): ${day(facts.periodStart)} to ${day(facts.periodEnd)}`,
    `Events: ${facts.events}`,
    'By kind:',
    ...lines,
    '',
    `The attached CSV file (${facts.attachmentName}, one event per line, UTF-8) lists each event. Please check the systems concerned and fix them. If they are fixed, or not yours, please reply to this message.`,
    '',
    tlpNotice('en', facts.tlp),
    '',
    '--',
    facts.team,
  ].join('\n');
}

export { teamName } from '../correspondence/index.js';
