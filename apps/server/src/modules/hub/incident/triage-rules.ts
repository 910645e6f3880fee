/**
 * Rule-based triage suggestions: keywords in Japanese and English → RSIT type, ICS, targeted,
 * priority. Suggestions only: a handler confirms them in triage.
 * @module
 */
import type { Priority, RsitType } from '@renkei/contracts';

interface Rule {
  pattern: RegExp;
  rsitType: RsitType;
}

// Order matters: the first matching rule wins.
const RULES: Rule[] = [
  { pattern: /フィッシング|偽サイト|phish|credential harvest/i, rsitType: 'phishing' },
  {
    // A phishing mail itself rarely says "phishing": the lure does — an account to verify or
    // unlock, a password about to expire, an unusual sign-in (the common wording, JA and EN).
    pattern:
      /verify your (?:account|identity|email)|confirm your (?:account|identity|password)|account (?:has been |was |is |will be )?(?:suspended|locked|limited|disabled|deactivated|on hold)|(?:password|mailbox) (?:will )?expir|unusual (?:sign[- ]?in|login|activity)|アカウント(?:が|を|の)?(?:一時)?(?:停止|ロック|制限|凍結)|本人確認|パスワード(?:の)?(?:有効期限|更新|再設定)/i,
    rsitType: 'phishing',
  },
  { pattern: /改ざん|改竄|defac/i, rsitType: 'unauthorised-information-modification' },
  { pattern: /DDoS|分散型サービス妨害/i, rsitType: 'ddos' },
  { pattern: /DoS|サービス妨害|サービス運用妨害/, rsitType: 'dos' },
  {
    // C2 only as a word of its own in capitals (not inside hex such as 3c2f9a…).
    pattern:
      /マルウェア|マルウエア|ウイルス|malware|trojan|ransomware|ランサムウェア|(?<![0-9A-Za-z])C2(?![0-9A-Za-z])|C&C|command[- ]and[- ]control/i,
    rsitType: 'malware-distribution',
  },
  { pattern: /スキャン|ポートスキャン|scan(?:ning)?\b|probe|ブルートフォース|brute[- ]force/i, rsitType: 'scanner' },
  { pattern: /情報漏えい|情報漏洩|data leak|leaked/i, rsitType: 'data-leak' },
  { pattern: /不正アクセス|侵入|compromise/i, rsitType: 'system-compromise' },
  { pattern: /spam|迷惑メール/i, rsitType: 'spam' },
];

/**
 * ICS needs ICS evidence: control-system terms, industrial protocols, ICS acronyms as words of
 * their own in capitals (so "not", "pot" and hex are not "OT"), OT only beside what makes it
 * operational technology, or an ICS vendor's product line. (Real phishing read "not" as OT.)
 */
const ICS_PATTERNS: readonly RegExp[] = [
  /制御システム|制御系|産業用制御|産業制御|監視制御|industrial control|control system|operational technology/i,
  /\b(?:modbus|dnp3|profinet|ethercat|bacnet|opc[ -]?ua|iec[ -]?6(?:1850|2443|0870)|s7comm)\b/i,
  /(?<![0-9A-Za-z])(?:ICS|SCADA|PLC|DCS|HMI|RTU|SIS)(?![0-9A-Za-z])/,
  /(?<![0-9A-Za-z])OT(?:\s*(?:network|environment|security|system|asset)|ネットワーク|環境|セキュリティ|システム|機器)|IT\/OT/,
  /\b(?:MELSEC|SIMATIC|CENTUM|Triconex|ControlLogix|Modicon)\b/,
];
const isIcsText = (text: string) => ICS_PATTERNS.some((pattern) => pattern.test(text));
const TARGETED_PATTERN = /標的型|targeted attack|spear[- ]?phish|APT\b/i;

export interface TriageSuggestion {
  rsitType: RsitType | null;
  isIcs: boolean;
  isTargeted: boolean;
  priority: Priority;
}

export function suggestTriage(text: string, hints: { isIcs?: boolean } = {}): TriageSuggestion {
  const rsitType = RULES.find((rule) => rule.pattern.test(text))?.rsitType ?? null;
  const isIcs = hints.isIcs === true || isIcsText(text);
  const isTargeted = TARGETED_PATTERN.test(text);
  const priority: Priority =
    isIcs || isTargeted ? 'high' : rsitType === 'ddos' || rsitType === 'data-leak' ? 'high' : 'medium';
  return { rsitType, isIcs, isTargeted, priority };
}
