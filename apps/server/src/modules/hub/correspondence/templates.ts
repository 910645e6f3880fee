/**
 * Message templates, in Japanese and English: what Renkei writes to people outside. Pure text
 * functions; the module that sends picks the language.
 * @module
 */

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
