/**
 * Message templates, in Japanese and English: what Renkei writes to people outside. Pure text
 * functions; the module that sends picks the language.
 * @module
 */

import type { Tlp } from '@renkei/contracts';

export type Language = 'ja' | 'en';

export interface ComposedMessage {
  subject: string;
  body: string;
}

/** The acknowledgement of a report: its tracking number, and how to keep a reply on the same case. */
export function acknowledgementMessage(
  language: Language,
  vars: { trackingNumber: string; originalSubject: string },
): ComposedMessage {
  const { trackingNumber: tracking, originalSubject: original } = vars;
  return language === 'ja'
    ? {
        subject: `[${tracking}] 受付のお知らせ: ${original}`,
        body: `ご報告ありがとうございます。\n\n受付番号: ${tracking}\n\nこの件について追加の情報をお送りいただく際は、件名の [${tracking}] をそのまま残してご返信ください。\n担当者から改めてご連絡することがあります。\n\n(このメールは自動送信です)\n`,
      }
    : {
        subject: `[${tracking}] Acknowledgement: ${original}`,
        body: `Thank you for your report.\n\nTracking number: ${tracking}\n\nWhen you send more information about this matter, please keep [${tracking}] in the subject line.\nA handler may contact you.\n\n(This message was sent automatically.)\n`,
      };
}

/** Japanese when the text says so or contains kana or kanji. */
export function languageOf(declared: string | null, sample: string): Language {
  if (declared === 'ja' || declared === 'en') return declared;
  return /[\u3040-\u30ff\u4e00-\u9fff]/.test(sample) ? 'ja' : 'en';
}

/** What a recipient may do with a message's content, by its label (TLP 2.0), in their language. */
const TLP_NOTICE = {
  ja: {
    CLEAR: 'この情報は TLP:CLEAR です。共有に制限はありません。',
    GREEN: 'この情報は TLP:GREEN です。コミュニティ内で共有できますが、公開はしないでください。',
    AMBER: 'この情報は TLP:AMBER です。貴組織内（および必要な委託先）で、対処に必要な範囲に限って共有してください。',
    'AMBER+STRICT': 'この情報は TLP:AMBER+STRICT です。貴組織内に限って共有してください。',
    RED: 'この情報は TLP:RED です。宛先の方以外には共有しないでください。',
  },
  en: {
    CLEAR: 'This information is TLP:CLEAR: it may be shared without restriction.',
    GREEN: 'This information is TLP:GREEN: share it within your community, not publicly.',
    AMBER:
      'This information is TLP:AMBER: share it within your organisation (and its contractors) on a need-to-know basis only.',
    'AMBER+STRICT': 'This information is TLP:AMBER+STRICT: share it within your organisation only.',
    RED: 'This information is TLP:RED: do not share it beyond the people it is addressed to.',
  },
} as const;

export function tlpNotice(language: Language, tlp: Tlp): string {
  return TLP_NOTICE[language][tlp];
}

/** The team's name from its sender address (`CSIRT Team <report@…>` → `CSIRT Team`). */
export function teamName(from: string): string {
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1];
  return display ?? from.replace(/[<>]/g, '').trim();
}
