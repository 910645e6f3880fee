/**
 * Coordination messages in Japanese and English: the request (takedown, notification,
 * information), the reminder and the escalation. Written as Markdown, which reads as plain
 * text and renders as the HTML part. Pure: facts in, text out.
 * @module
 */
import type { RequestKind, Tlp } from '@renkei/contracts';
import { marked } from 'marked';
import { tlpNotice, type Language } from '../correspondence/index.js';

export interface RequestFacts {
  language: Language;
  request: RequestKind;
  trackingNumber: string;
  partyName: string;
  team: string;
  /** The URL, address or domain the request is about. */
  target: string | null;
  /** The incident's national category, in the message's language. */
  category: string;
  /** When the incident was first reported (ISO). */
  reportedAt: string;
  /** Evidence lines (`AS64500 Example Hosting (ip-location-db)`). */
  evidence: readonly string[];
  /** Other indicators of the incident, shown as a list. */
  indicators: readonly string[];
  note: string | null;
  dueAt: string;
  tlp: Tlp;
}

export interface ComposedMarkdown {
  subject: string;
  markdown: string;
}

const day = (iso: string) => iso.slice(0, 10);
/** Indicators are written defanged in the text so no mail client turns them into live links. */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}

const ASK = {
  ja: {
    takedown: '当該コンテンツの停止（テイクダウン）をご検討いただけますようお願いいたします。',
    notification: '状況のご確認と、必要に応じた対処をお願いいたします。',
    information:
      '本件について、貴組織でお分かりになる情報（契約者への連絡状況、ログ等）をご提供いただけますと幸いです。',
  },
  en: {
    takedown: 'We ask you to take the content down, or to have it taken down by your customer.',
    notification: 'Please look into it and act as you see fit.',
    information: 'We would be grateful for any information you have on it (customer contacted, logs, …).',
  },
} as const;

const SUBJECT = {
  ja: { takedown: 'テイクダウンのお願い', notification: 'ご連絡', information: '情報提供のお願い' },
  en: { takedown: 'Takedown request', notification: 'Notification', information: 'Request for information' },
} as const;

function list(items: readonly string[]): string[] {
  return items.map((item) => `- ${item}`);
}

export function requestMessage(facts: RequestFacts): ComposedMarkdown {
  const target = facts.target ? defang(facts.target) : null;
  const tag = `[${facts.trackingNumber}]`;
  if (facts.language === 'ja') {
    const lines = [
      `${facts.partyName} ご担当者様`,
      '',
      `${facts.team} です。貴組織が管理されていると思われる以下について、${facts.category}の報告を受けましたのでご連絡いたします。`,
      '',
      ...(target ? [`**対象**: \`${target}\``, ''] : []),
      `**受付番号**: ${facts.trackingNumber}`,
      `**初回報告日（UTC）**: ${day(facts.reportedAt)}`,
      '',
      ...(facts.evidence.length ? ['**貴組織にご連絡した根拠**:', '', ...list(facts.evidence), ''] : []),
      ...(facts.indicators.length ? ['**関連する指標**:', '', ...list(facts.indicators.map(defang)), ''] : []),
      ASK.ja[facts.request],
      `${day(facts.dueAt)} までにご返信いただけますと幸いです。ご返信の際は件名の ${tag} を残してください。`,
      '',
      ...(facts.note ? [facts.note, ''] : []),
      `> ${tlpNotice('ja', facts.tlp)}`,
      '',
      '--',
      facts.team,
    ];
    return {
      subject: `${tag} [TLP:${facts.tlp}] ${SUBJECT.ja[facts.request]}${target ? `: ${target}` : ''}`,
      markdown: lines.join('\n'),
    };
  }
  const lines = [
    `Dear ${facts.partyName} team,`,
    '',
    `This is ${facts.team}. We received a report of ${facts.category} concerning the following, which we believe you are responsible for.`,
    '',
    ...(target ? [`**Target**: \`${target}\``, ''] : []),
    `**Our reference**: ${facts.trackingNumber}`,
    `**First reported (UTC)**: ${day(facts.reportedAt)}`,
    '',
    ...(facts.evidence.length ? ['**Why we contact you**:', '', ...list(facts.evidence), ''] : []),
    ...(facts.indicators.length ? ['**Related indicators**:', '', ...list(facts.indicators.map(defang)), ''] : []),
    ASK.en[facts.request],
    `We would appreciate a reply by ${day(facts.dueAt)}. Please keep ${tag} in the subject line when you reply.`,
    '',
    ...(facts.note ? [facts.note, ''] : []),
    `> ${tlpNotice('en', facts.tlp)}`,
    '',
    '--',
    facts.team,
  ];
  return {
    subject: `${tag} [TLP:${facts.tlp}] ${SUBJECT.en[facts.request]}${target ? `: ${target}` : ''}`,
    markdown: lines.join('\n'),
  };
}

export interface ReminderFacts {
  language: Language;
  trackingNumber: string;
  partyName: string;
  team: string;
  /** The first request's subject and when it went out. */
  requestSubject: string;
  requestSentAt: string;
  round: number;
  dueAt: string;
  tlp: Tlp;
  /** The request as sent, quoted below. */
  requestMarkdown: string;
}

export function reminderMessage(facts: ReminderFacts): ComposedMarkdown {
  const quoted = facts.requestMarkdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const subject = facts.requestSubject.replace(/^(\[[^\]]+\]\s*)/, '');
  const tag = `[${facts.trackingNumber}]`;
  if (facts.language === 'ja')
    return {
      subject: `${tag} 再送（${facts.round} 回目）: ${subject.replace(/^\[[^\]]+\]\s*/, '')}`,
      markdown: [
        `${facts.partyName} ご担当者様`,
        '',
        `${facts.team} です。${day(facts.requestSentAt)} にお送りした下記のご連絡について、まだご返信を確認できていません。お手数ですが、状況をお知らせいただけますでしょうか（${day(facts.dueAt)} まで）。`,
        '',
        `> ${tlpNotice('ja', facts.tlp)}`,
        '',
        quoted,
        '',
        '--',
        facts.team,
      ].join('\n'),
    };
  return {
    subject: `${tag} Reminder ${facts.round}: ${subject.replace(/^\[[^\]]+\]\s*/, '')}`,
    markdown: [
      `Dear ${facts.partyName} team,`,
      '',
      `This is ${facts.team}. We have not yet received a reply to our message of ${day(facts.requestSentAt)}, quoted below. Could you let us know where it stands (by ${day(facts.dueAt)})?`,
      '',
      `> ${tlpNotice('en', facts.tlp)}`,
      '',
      quoted,
      '',
      '--',
      facts.team,
    ].join('\n'),
  };
}

export interface EscalationFacts {
  language: Language;
  trackingNumber: string;
  partyName: string;
  team: string;
  /** Who did not answer, since when, after how many reminders. */
  unresponsive: string;
  requestSentAt: string;
  reminders: number;
  target: string | null;
  category: string;
  evidence: readonly string[];
  dueAt: string;
  tlp: Tlp;
}

export function escalationMessage(facts: EscalationFacts): ComposedMarkdown {
  const target = facts.target ? defang(facts.target) : null;
  const tag = `[${facts.trackingNumber}]`;
  if (facts.language === 'ja')
    return {
      subject: `${tag} [TLP:${facts.tlp}] ご協力のお願い（${facts.unresponsive} から応答なし）${target ? `: ${target}` : ''}`,
      markdown: [
        `${facts.partyName} ご担当者様`,
        '',
        `${facts.team} です。${facts.category}の対処について、${day(facts.requestSentAt)} に ${facts.unresponsive} へ依頼し、${facts.reminders} 回再送しましたが応答がありません。貴組織から働きかけていただけないでしょうか。`,
        '',
        ...(target ? [`**対象**: \`${target}\``, ''] : []),
        ...(facts.evidence.length ? ['**根拠**:', '', ...list(facts.evidence), ''] : []),
        `${day(facts.dueAt)} までにご返信いただけますと幸いです。ご返信の際は件名の ${tag} を残してください。`,
        '',
        `> ${tlpNotice('ja', facts.tlp)}`,
        '',
        '--',
        facts.team,
      ].join('\n'),
    };
  return {
    subject: `${tag} [TLP:${facts.tlp}] Request for assistance (no response from ${facts.unresponsive})${target ? `: ${target}` : ''}`,
    markdown: [
      `Dear ${facts.partyName} team,`,
      '',
      `This is ${facts.team}. On ${day(facts.requestSentAt)} we asked ${facts.unresponsive} to act on ${facts.category}, and reminded them ${facts.reminders} times, without an answer. Could you help us reach them or act within your constituency?`,
      '',
      ...(target ? [`**Target**: \`${target}\``, ''] : []),
      ...(facts.evidence.length ? ['**Evidence**:', '', ...list(facts.evidence), ''] : []),
      `We would appreciate a reply by ${day(facts.dueAt)}. Please keep ${tag} in the subject line when you reply.`,
      '',
      `> ${tlpNotice('en', facts.tlp)}`,
      '',
      '--',
      facts.team,
    ].join('\n'),
  };
}

/** The HTML part of a Markdown message (raw HTML in the Markdown is escaped, not passed through). */
export function markdownToHtml(markdown: string): string {
  const renderer = new marked.Renderer();
  // A handler's note or a party's name must not inject markup into what the recipient sees.
  renderer.html = ({ text }) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = marked.parse(markdown, { async: false, gfm: true, breaks: true, renderer });
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}
